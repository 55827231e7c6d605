import { DaemonSet, Node, Pod } from '@orchestra/api';
import {
  calculateDaemonSetStatus,
  controllerRevisionHashLabel,
  daemonPodFor,
  daemonPodNodeName,
  daemonSetTemplateHash,
  manageDaemonSet,
  maxUnavailableOf,
} from './daemonset-sync';

const now = Date.parse('2026-01-01T00:10:00Z');
const node = (name: string, labels: Record<string, string> = {}): Node =>
  ({ metadata: { name, labels }, spec: {} }) as Node;

function daemonSet(image = 'agent:1', extra: Partial<DaemonSet['spec']> = {}): DaemonSet {
  return {
    metadata: { name: 'agent', namespace: 'default', uid: 'ds-uid', generation: 2 },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image }] } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      ...extra,
    },
  };
}

let seq = 0;
/** A daemon pod of `ds` on `nodeName`, bound and Ready (since long) unless told otherwise. */
function pod(
  ds: DaemonSet,
  nodeName: string,
  o: { ready?: boolean; bound?: boolean; phase?: string } = {},
): Pod {
  const p = daemonPodFor(ds, nodeName, daemonSetTemplateHash(ds), {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    name: 'agent',
    uid: 'ds-uid',
    controller: true,
  });
  seq++;
  p.metadata.name = `agent-${seq}`;
  p.metadata.uid = `pod-${seq}`;
  p.metadata.creationTimestamp = new Date(now - 60_000 + seq).toISOString();
  if (o.bound !== false) p.spec.nodeName = nodeName;
  p.status = {
    phase: (o.phase ?? 'Running') as 'Running',
    conditions: [
      {
        type: 'Ready',
        status: o.ready === false ? 'False' : 'True',
        lastTransitionTime: new Date(now - 30_000).toISOString(),
      },
    ],
  };
  return p;
}

describe(daemonPodFor.name, () => {
  it('pins the pod to its node with matchFields, adds the hash label and the daemon tolerations', () => {
    const ds = daemonSet();
    const p = daemonPodFor(ds, 'n1', 'h1', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      name: 'agent',
      uid: 'u',
    });
    expect(p.metadata.generateName).toBe('agent-');
    expect(p.metadata.labels).toEqual({ app: 'agent', [controllerRevisionHashLabel]: 'h1' });
    expect(p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }],
    });
    expect(p.spec.tolerations).toHaveLength(6);
    expect(p.spec.nodeName).toBeUndefined();
    expect(daemonPodNodeName(p)).toBe('n1');
    expect(ds.spec.template.spec.tolerations).toBeUndefined();
  });
});

describe(manageDaemonSet.name, () => {
  it('creates one pod per eligible node and none where the nodeSelector excludes it', () => {
    const ds = daemonSet('agent:1');
    ds.spec.template.spec.nodeSelector = { role: 'worker' };
    const nodes = [node('n1', { role: 'worker' }), node('n2', { role: 'worker' }), node('n3')];
    expect(manageDaemonSet(ds, nodes, [], now)).toEqual({ create: ['n1', 'n2'], delete: [] });
  });

  it('does nothing when every eligible node has its pod, bound or still pending', () => {
    const ds = daemonSet();
    const pods = [pod(ds, 'n1'), pod(ds, 'n2', { bound: false })];
    expect(manageDaemonSet(ds, [node('n1'), node('n2')], pods, now)).toEqual({ create: [], delete: [] });
  });

  it('deletes pods on nodes that are gone or no longer eligible, duplicates and failed pods', () => {
    const ds = daemonSet();
    ds.spec.template.spec.nodeSelector = { role: 'worker' };
    const keep = pod(ds, 'n1');
    const duplicate = pod(ds, 'n1');
    const gone = pod(ds, 'n9');
    const excluded = pod(ds, 'n2');
    const failed = pod(ds, 'n3', { phase: 'Failed' });
    const nodes = [node('n1', { role: 'worker' }), node('n2'), node('n3', { role: 'worker' })];
    const decision = manageDaemonSet(ds, nodes, [keep, duplicate, gone, excluded, failed], now);
    expect(decision.create).toEqual(['n3']);
    expect(decision.delete.map((p) => p.metadata.name).sort()).toEqual(
      [duplicate, gone, excluded, failed].map((p) => p.metadata.name).sort(),
    );
  });

  it('replaces old pods at most maxUnavailable at a time', () => {
    const old = daemonSet('agent:1');
    const nodes = ['n1', 'n2', 'n3', 'n4'].map((n) => node(n));
    const pods = nodes.map((n) => pod(old, n.metadata.name!));
    const next = daemonSet('agent:2');
    expect(manageDaemonSet(next, nodes, pods, now).delete).toHaveLength(1);
    // One node is already without an available pod (a new one not ready yet): nothing more goes.
    const updating = [pod(next, 'n1', { ready: false }), ...pods.slice(1)];
    expect(manageDaemonSet(next, nodes, updating, now)).toEqual({ create: [], delete: [] });
    // A node without any pod counts as unavailable too.
    expect(manageDaemonSet(next, nodes, pods.slice(1), now)).toEqual({ create: ['n1'], delete: [] });
    // Old pods that are unavailable anyway go at once.
    const broken = nodes.map((n) => pod(old, n.metadata.name!, { ready: false }));
    expect(manageDaemonSet(next, nodes, broken, now).delete).toHaveLength(4);
    // maxUnavailable 50% of 4 nodes: 2 at a time; OnDelete: none.
    next.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } };
    expect(manageDaemonSet(next, nodes, pods, now).delete).toHaveLength(2);
    next.spec.updateStrategy = { type: 'OnDelete' };
    expect(manageDaemonSet(next, nodes, pods, now).delete).toHaveLength(0);
  });
});

describe(maxUnavailableOf.name, () => {
  it('scales a percentage of the desired nodes up, at least 1', () => {
    const ds = daemonSet();
    ds.spec.updateStrategy = { rollingUpdate: { maxUnavailable: '10%' } };
    expect(maxUnavailableOf(ds, 25)).toBe(3);
    expect(maxUnavailableOf(ds, 0)).toBe(1);
  });
});

describe(calculateDaemonSetStatus.name, () => {
  it('counts per node: desired, current, ready, available, updated, misscheduled', () => {
    const old = daemonSet('agent:1');
    const ds = daemonSet('agent:2');
    ds.spec.template.spec.nodeSelector = { role: 'worker' };
    const nodes = [
      node('n1', { role: 'worker' }),
      node('n2', { role: 'worker' }),
      node('n3', { role: 'worker' }),
      node('n4'),
    ];
    const pods = [
      pod(ds, 'n1'),
      pod(old, 'n2', { ready: false }),
      pod(ds, 'n3', { bound: false }),
      pod(old, 'n4'),
    ];
    expect(calculateDaemonSetStatus(ds, nodes, pods, now)).toEqual({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 2,
      numberMisscheduled: 1,
      numberReady: 1,
      numberAvailable: 1,
      numberUnavailable: 2,
      updatedNumberScheduled: 1,
      observedGeneration: 2,
    });
  });
});
