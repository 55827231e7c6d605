import { ControllerRevision, OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '@orchestra/api';
import {
  claimName,
  controllerRevisionHashLabel,
  identityMatches,
  newStatefulSetPod,
  parentAndOrdinal,
  podIndexLabel,
  podNameLabel,
  storageMatches,
} from './statefulset-identity';
import {
  decideUpdateRevision,
  newRevision,
  revisionData,
  revisionsToTruncate,
  sortRevisions,
  templateOf,
} from './statefulset-revisions';
import { planStatefulSet, StatefulSetPlan, statefulSetStatusChanged } from './statefulset-sync';

const now = Date.parse('2026-01-01T00:10:00Z');
const ref: OwnerReference = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  name: 'web',
  uid: 'sts-uid',
  controller: true,
  blockOwnerDeletion: true,
};

function statefulSet(image = 'web:1', spec: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'sts-uid', generation: 2 },
    spec: {
      replicas: 3,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      ...spec,
    },
  };
}

const revisionOf = (sts: StatefulSet, n = 1): ControllerRevision => ({
  ...newRevision(sts, n, 0, ref),
  metadata: {
    ...newRevision(sts, n, 0, ref).metadata,
    uid: `rev-${n}`,
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
});

type PodState = 'ready' | 'running' | 'pending' | 'failed' | 'terminating';

/** The set's pod for an ordinal, made from `revision`, in the given state. */
function pod(
  sts: StatefulSet,
  revision: ControllerRevision,
  ordinal: number,
  state: PodState = 'ready',
): Pod {
  const p = newStatefulSetPod(sts, templateOf(revision)!, ordinal, revision.metadata.name!, ref);
  p.metadata.uid = `pod-${ordinal}-${revision.metadata.name}`;
  p.metadata.creationTimestamp = new Date(now - 60_000).toISOString();
  p.spec.nodeName = 'node-1';
  const phase = state === 'pending' ? 'Pending' : state === 'failed' ? 'Failed' : 'Running';
  const ready = state === 'ready' || state === 'terminating';
  p.status = {
    phase,
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        lastTransitionTime: new Date(now - 30_000).toISOString(),
      },
    ],
  };
  if (state === 'terminating') p.metadata.deletionTimestamp = new Date(now - 1000).toISOString();
  return p;
}

/** The claims of the given ordinals, as existing in the cache. */
function claims(sts: StatefulSet, ...ordinals: number[]): Map<string, PersistentVolumeClaim> {
  return new Map(
    ordinals.map((i) => [
      claimName(sts, 'www', i),
      { metadata: { name: claimName(sts, 'www', i), uid: `claim-${i}` }, spec: {} },
    ]),
  );
}

function plan(
  sts: StatefulSet,
  pods: Pod[],
  o: {
    current?: ControllerRevision;
    update?: ControllerRevision;
    claims?: Map<string, PersistentVolumeClaim>;
  } = {},
): StatefulSetPlan {
  const update = o.update ?? revisionOf(sts);
  return planStatefulSet({
    sts,
    pods,
    currentRevision: o.current ?? update,
    updateRevision: update,
    collisionCount: 0,
    claims: o.claims ?? claims(sts, 0, 1, 2),
    ref,
    now,
  });
}

/** `create web-1`, `delete web-2 (update)`, … */
const stepsOf = (p: StatefulSetPlan) =>
  p.steps.map((s) =>
    s.kind === 'deletePod'
      ? `delete ${s.pod.metadata.name} (${s.reason})`
      : `${s.kind} ${s.pod.metadata.name}${'claims' in s && s.claims.length ? ` +${s.claims.map((c) => c.metadata.name).join(',')}` : ''}`,
  );

describe('StatefulSet pod identity', () => {
  it('names the pod for its ordinal, with hostname, subdomain, identity and revision labels and its claim', () => {
    const sts = statefulSet();
    const p = newStatefulSetPod(sts, sts.spec.template, 2, 'web-abc', ref);
    expect(p.metadata.name).toBe('web-2');
    expect(p.metadata.generateName).toBe('web-');
    expect(p.metadata.labels).toEqual({
      app: 'web',
      [podNameLabel]: 'web-2',
      [podIndexLabel]: '2',
      [controllerRevisionHashLabel]: 'web-abc',
    });
    expect(p.metadata.ownerReferences).toEqual([ref]);
    expect(p.spec.hostname).toBe('web-2');
    expect(p.spec.subdomain).toBe('web');
    expect(p.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-2' } }]);
    expect(identityMatches(sts, p)).toBe(true);
    expect(storageMatches(sts, p)).toBe(true);
    expect(sts.spec.template.spec.volumes).toBeUndefined();
  });

  it('reads the parent and ordinal from the name as Kubernetes does', () => {
    const named = (name: string) => ({ metadata: { name }, spec: { containers: [] } }) as Pod;
    expect(parentAndOrdinal(named('web-12'))).toEqual({ parent: 'web', ordinal: 12 });
    expect(parentAndOrdinal(named('my-db-0'))).toEqual({ parent: 'my-db', ordinal: 0 });
    expect(parentAndOrdinal(named('web'))).toEqual({ parent: '', ordinal: -1 });
  });
});

describe('OrderedReady', () => {
  it('creates web-0 first, with its claim, and nothing else', () => {
    const sts = statefulSet();
    const p = plan(sts, [], { claims: new Map() });
    expect(stepsOf(p)).toEqual(['createPod web-0 +www-web-0']);
    expect(p.waitingFor).toBe('web-0 to be created');
    expect(p.status).toMatchObject({
      replicas: 0,
      readyReplicas: 0,
      observedGeneration: 2,
      collisionCount: 0,
    });
  });

  it('creates each ordinal only once its predecessor is Running and Ready', () => {
    const sts = statefulSet();
    const rev = revisionOf(sts);
    expect(stepsOf(plan(sts, [pod(sts, rev, 0, 'pending')]))).toEqual([]);
    expect(plan(sts, [pod(sts, rev, 0, 'running')]).waitingFor).toBe('web-0 to be Running and Ready');
    expect(stepsOf(plan(sts, [pod(sts, rev, 0)]))).toEqual(['createPod web-1']);
    expect(stepsOf(plan(sts, [pod(sts, rev, 0), pod(sts, rev, 1)]))).toEqual(['createPod web-2']);
    const done = plan(
      sts,
      [0, 1, 2].map((i) => pod(sts, rev, i)),
    );
    expect(done.steps).toEqual([]);
    expect(done.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: rev.metadata.name,
      updateRevision: rev.metadata.name,
    });
  });

  it('waits for minReadySeconds before the next ordinal', () => {
    const sts = statefulSet('web:1', { minReadySeconds: 60 });
    const p = plan(sts, [pod(sts, revisionOf(sts), 0)]);
    expect(p.steps).toEqual([]);
    expect(p.waitingFor).toBe('web-0 to be available');
  });

  it('never creates a second pod for an ordinal whose pod is terminating (a lost node): it waits', () => {
    const sts = statefulSet();
    const rev = revisionOf(sts);
    const p = plan(sts, [pod(sts, rev, 0), pod(sts, rev, 1, 'terminating'), pod(sts, rev, 2)]);
    expect(p.steps).toEqual([]);
    expect(p.waitingFor).toBe('web-1 to terminate');
  });

  it('replaces a finished pod only once it is gone: delete now, create on a later round', () => {
    const sts = statefulSet();
    const rev = revisionOf(sts);
    const failed = pod(sts, rev, 1, 'failed');
    expect(stepsOf(plan(sts, [pod(sts, rev, 0), failed]))).toEqual(['delete web-1 (finished)']);
    failed.metadata.deletionTimestamp = new Date(now).toISOString();
    expect(stepsOf(plan(sts, [pod(sts, rev, 0), failed]))).toEqual([]);
    expect(stepsOf(plan(sts, [pod(sts, rev, 0)]))).toEqual(['createPod web-1']);
  });

  it('scales down from the highest ordinal, one at a time, waiting for each to go', () => {
    const sts = statefulSet('web:1', { replicas: 1 });
    const rev = revisionOf(sts);
    expect(
      stepsOf(
        plan(
          sts,
          [0, 1, 2].map((i) => pod(sts, rev, i)),
        ),
      ),
    ).toEqual(['delete web-2 (scale-down)']);
    expect(plan(sts, [pod(sts, rev, 0), pod(sts, rev, 1), pod(sts, rev, 2, 'terminating')]).waitingFor).toBe(
      'web-2 to terminate before scaling down',
    );
    expect(stepsOf(plan(sts, [pod(sts, rev, 0), pod(sts, rev, 1)]))).toEqual(['delete web-1 (scale-down)']);
  });

  it('scales down only while healthy, except the first unhealthy pod itself', () => {
    const sts = statefulSet('web:1', { replicas: 1 });
    const rev = revisionOf(sts);
    // web-2 is not ready and not the first unhealthy (web-1 is): blocked.
    const blocked = plan(sts, [pod(sts, rev, 0), pod(sts, rev, 1, 'running'), pod(sts, rev, 2, 'running')]);
    expect(blocked.steps).toEqual([]);
    // web-2 is the first unhealthy: it may go.
    expect(stepsOf(plan(sts, [pod(sts, rev, 0), pod(sts, rev, 1), pod(sts, rev, 2, 'running')]))).toEqual([
      'delete web-2 (scale-down)',
    ]);
  });

  it('gives a pod its identity labels back', () => {
    const sts = statefulSet();
    const rev = revisionOf(sts);
    const stray = pod(sts, rev, 0);
    delete stray.metadata.labels![podIndexLabel];
    const p = plan(sts, [stray, pod(sts, rev, 1), pod(sts, rev, 2)]);
    expect(p.steps).toMatchObject([{ kind: 'updateIdentity', labels: { [podIndexLabel]: '0' } }]);
  });

  it("creates a pending pod's missing claim", () => {
    const sts = statefulSet();
    const rev = revisionOf(sts);
    const p = plan(sts, [pod(sts, rev, 0, 'pending')], { claims: new Map() });
    expect(stepsOf(p)).toEqual(['createClaims web-0 +www-web-0']);
  });
});

describe('Parallel', () => {
  it('creates every missing pod at once, and skips (never replaces) a terminating one', () => {
    const sts = statefulSet('web:1', { podManagementPolicy: 'Parallel' });
    expect(stepsOf(plan(sts, []))).toEqual(['createPod web-0', 'createPod web-1', 'createPod web-2']);
    const rev = revisionOf(sts);
    expect(stepsOf(plan(sts, [pod(sts, rev, 1, 'terminating')]))).toEqual([
      'createPod web-0',
      'createPod web-2',
    ]);
  });

  it('deletes every condemned pod at once', () => {
    const sts = statefulSet('web:1', { podManagementPolicy: 'Parallel', replicas: 1 });
    const rev = revisionOf(sts);
    expect(
      stepsOf(
        plan(
          sts,
          [0, 1, 2].map((i) => pod(sts, rev, i, 'running')),
        ),
      ),
    ).toEqual(['delete web-2 (scale-down)', 'delete web-1 (scale-down)']);
  });
});

describe('RollingUpdate', () => {
  const v1 = statefulSet('web:1');
  const v2 = statefulSet('web:2');
  const old = revisionOf(v1, 1);
  const next = revisionOf(v2, 2);
  const rollout = (sts: StatefulSet, pods: Pod[]) =>
    plan({ ...sts, status: { replicas: 3, currentRevision: old.metadata.name } }, pods, {
      current: old,
      update: next,
    });

  it('replaces the highest ordinal first, one at a time, waiting for readiness', () => {
    const all = [0, 1, 2].map((i) => pod(v1, old, i));
    const first = rollout(v2, all);
    expect(stepsOf(first)).toEqual(['delete web-2 (update)']);
    expect(first.status).toMatchObject({
      currentReplicas: 2,
      updatedReplicas: 0,
      updateRevision: next.metadata.name,
    });
    // web-2 comes back at the update revision (from the update revision's template).
    const recreate = rollout(v2, all.slice(0, 2));
    expect(stepsOf(recreate)).toEqual(['createPod web-2']);
    const made = recreate.steps[0].pod;
    expect(made.metadata.labels?.[controllerRevisionHashLabel]).toBe(next.metadata.name);
    expect(made.spec.containers[0].image).toBe('web:2');
    // Not ready yet: nothing more.
    expect(rollout(v2, [...all.slice(0, 2), pod(v2, next, 2, 'running')]).steps).toEqual([]);
    expect(stepsOf(rollout(v2, [...all.slice(0, 2), pod(v2, next, 2)]))).toEqual(['delete web-1 (update)']);
  });

  it('makes the update revision current once every pod is updated and ready', () => {
    const done = rollout(
      v2,
      [0, 1, 2].map((i) => pod(v2, next, i)),
    );
    expect(done.steps).toEqual([]);
    expect(done.status).toMatchObject({
      currentRevision: next.metadata.name,
      updateRevision: next.metadata.name,
      currentReplicas: 3,
      updatedReplicas: 3,
    });
  });

  it('leaves the ordinals below the partition on the current revision, and recreates them there', () => {
    const partitioned = statefulSet('web:2', {
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
    });
    const pods = [pod(v1, old, 0), pod(v1, old, 1), pod(v2, next, 2)];
    const p = rollout(partitioned, pods);
    expect(p.steps).toEqual([]);
    expect(p.status).toMatchObject({
      currentReplicas: 2,
      updatedReplicas: 1,
      currentRevision: old.metadata.name,
    });
    const recreate = rollout(partitioned, [pod(v1, old, 1), pod(v2, next, 2)]);
    expect(stepsOf(recreate)).toEqual(['createPod web-0']);
    expect(recreate.steps[0].pod.spec.containers[0].image).toBe('web:1');
    expect(recreate.steps[0].pod.metadata.labels?.[controllerRevisionHashLabel]).toBe(old.metadata.name);
  });

  it('OnDelete replaces nothing by itself; a deleted pod comes back at the update revision', () => {
    const onDelete = statefulSet('web:2', { updateStrategy: { type: 'OnDelete' } });
    expect(
      rollout(
        onDelete,
        [0, 1, 2].map((i) => pod(v1, old, i)),
      ).steps,
    ).toEqual([]);
    const recreate = rollout(onDelete, [pod(v1, old, 0), pod(v1, old, 1)]);
    expect(recreate.steps[0].pod.spec.containers[0].image).toBe('web:2');
  });
});

describe('revision history', () => {
  const v1 = statefulSet('web:1');
  const v2 = statefulSet('web:2');
  const r1 = revisionOf(v1, 1);
  const r2 = revisionOf(v2, 2);

  it('keeps the latest revision when it holds the template, renumbers an older one, else creates one', () => {
    expect(decideUpdateRevision(v2, [r1, r2], 0, ref)).toMatchObject({ kind: 'keep', revision: r2 });
    expect(decideUpdateRevision(v1, [r1, r2], 0, ref)).toMatchObject({
      kind: 'renumber',
      revision: r1,
      to: 3,
    });
    const created = decideUpdateRevision(statefulSet('web:3'), [r1, r2], 0, ref);
    expect(created.kind).toBe('create');
    expect(created.revision.revision).toBe(3);
    expect(created.revision.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(created.revision.metadata.labels).toMatchObject({ app: 'web' });
    expect(created.revision.metadata.ownerReferences).toEqual([ref]);
  });

  it("stores the template as kubectl rollout undo's strategic merge patch", () => {
    expect(revisionData(v1)).toEqual({ spec: { template: { ...v1.spec.template, $patch: 'replace' } } });
    expect(templateOf(r1)).toEqual(v1.spec.template);
    expect(newRevision(v1, 1, 1, ref).metadata.name).not.toBe(r1.metadata.name);
  });

  it('trims the oldest revisions no pod and neither current nor update revision uses', () => {
    const limited = statefulSet('web:5', { revisionHistoryLimit: 1 });
    const revisions = sortRevisions([1, 2, 3, 4].map((n) => revisionOf(statefulSet(`web:${n}`), n)));
    const used = pod(statefulSet('web:2'), revisions[1], 0);
    const trimmed = revisionsToTruncate(limited, revisions, [used], [revisions[3].metadata.name]);
    expect(trimmed.map((r) => r.revision)).toEqual([1]);
  });

  it('writes the status only when it changed', () => {
    const sts = { ...v1, status: { replicas: 3, readyReplicas: 3 } };
    expect(statefulSetStatusChanged(sts, { replicas: 3, readyReplicas: 3 })).toBe(false);
    expect(statefulSetStatusChanged(sts, { replicas: 3, readyReplicas: 2 })).toBe(true);
  });
});
