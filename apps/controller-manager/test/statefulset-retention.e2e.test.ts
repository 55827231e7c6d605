/**
 * The StatefulSet claim retention policy end to end (apiserver, controller-manager with its
 * garbage collector, scheduler, stand-in kubelet): whenScaled Delete gives a condemned ordinal's
 * claim to its pod, so a scale-down from 3 to 1 deletes data-web-1 and data-web-2 and keeps
 * data-web-0; whenDeleted Delete gives every claim to the set, so deleting the set deletes them.
 * Retain (the default) keeping them is checked in statefulset.e2e.test.ts.
 */
import {
  builtinResources,
  Namespace,
  PersistentVolumeClaim,
  Pod,
  ResourceDefinition,
  StatefulSet,
} from '@orchestra/api';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { eventually, startTestControlPlane, TestControlPlane } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
type Policy = 'Retain' | 'Delete';

const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

function statefulSet(ns: string, whenScaled: Policy, whenDeleted: Policy): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: ns },
    spec: {
      replicas: 3,
      serviceName: 'web',
      podManagementPolicy: 'Parallel',
      persistentVolumeClaimRetentionPolicy: { whenScaled, whenDeleted },
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  };
}

let plane: TestControlPlane;
const statefulSets = () => plane.client.resource<StatefulSet>(def('StatefulSet'));
const podsClient = () => plane.client.resource<Pod>(def('Pod'));
const claimsClient = () => plane.client.resource<PersistentVolumeClaim>(def('PersistentVolumeClaim'));
const claimsIn = async (ns: string) =>
  (await claimsClient().list({ namespace: ns })).items.sort((a, b) =>
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );

/** A namespace with the set, its three pods ready and its three claims bound. */
async function startSet(ns: string, whenScaled: Policy, whenDeleted: Policy): Promise<StatefulSet> {
  await plane.client
    .resource<Namespace>(def('Namespace'))
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const sts = await statefulSets().create(statefulSet(ns, whenScaled, whenDeleted));
  await eventually(
    async () => {
      const pods = (await podsClient().list({ namespace: ns })).items;
      const claims = await claimsIn(ns);
      return (
        pods.filter(isReady).length === 3 &&
        claims.length === 3 &&
        claims.every((c) => c.status?.phase === 'Bound')
      );
    },
    30_000,
    `web-0..2 ready in ${ns}`,
  );
  return sts;
}

beforeAll(async () => {
  plane = await startTestControlPlane('statefulset-retention');
  await StandinKubelet.createNodes(plane.client, [
    { name: 'node-a', zone: 'a' },
    { name: 'node-b', zone: 'b' },
  ]);
}, 60_000);
afterAll(async () => {
  await plane?.close();
});

describe('StatefulSet persistentVolumeClaimRetentionPolicy', () => {
  it('whenScaled Delete: scaling 3 to 1 deletes data-web-1 and data-web-2 and keeps data-web-0', async () => {
    const ns = 'retention-scaled';
    await startSet(ns, 'Delete', 'Retain');
    // In range, no claim is its pod's: a pod replaced for another reason keeps its claim.
    const before = await claimsIn(ns);
    for (const claim of before) expect(claim.metadata.ownerReferences ?? []).toEqual([]);
    await eventually(async () => {
      const sts = await statefulSets().get('web', ns);
      sts.spec.replicas = 1;
      return statefulSets().update(sts);
    });
    await eventually(
      async () => {
        const names = (await claimsIn(ns)).map((c) => c.metadata.name);
        return JSON.stringify(names) === '["data-web-0"]';
      },
      30_000,
      'data-web-1 and data-web-2 deleted with their pods',
    );
    expect((await podsClient().list({ namespace: ns })).items.map((p) => p.metadata.name)).toEqual(['web-0']);
    const kept = await claimsClient().get('data-web-0', ns);
    expect(kept.metadata.uid).toBe(before[0].metadata.uid);
    expect(kept.metadata.ownerReferences ?? []).toEqual([]);
  }, 90_000);

  it('whenDeleted Delete: the claims are the set’s, and deleting the set deletes them', async () => {
    const ns = 'retention-deleted';
    const sts = await startSet(ns, 'Retain', 'Delete');
    await eventually(
      async () =>
        (await claimsIn(ns)).every(
          (c) =>
            JSON.stringify(c.metadata.ownerReferences) ===
            JSON.stringify([
              {
                apiVersion: 'apps/v1',
                kind: 'StatefulSet',
                name: 'web',
                uid: sts.metadata.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ]),
        ),
      30_000,
      'every claim owned by the set',
    );
    await statefulSets().delete('web', ns);
    await eventually(
      async () =>
        (await claimsIn(ns)).length === 0 && (await podsClient().list({ namespace: ns })).items.length === 0,
      30_000,
      'the pods and the claims deleted with the set',
    );
  }, 90_000);

  it('back to Retain/Retain: the controller takes its owner references off the claims', async () => {
    const ns = 'retention-changed';
    await startSet(ns, 'Retain', 'Delete');
    await eventually(
      async () => (await claimsIn(ns)).every((c) => c.metadata.ownerReferences?.length === 1),
      30_000,
      'every claim owned by the set',
    );
    await eventually(async () => {
      const sts = await statefulSets().get('web', ns);
      sts.spec.persistentVolumeClaimRetentionPolicy = { whenScaled: 'Retain', whenDeleted: 'Retain' };
      return statefulSets().update(sts);
    });
    await eventually(
      async () => (await claimsIn(ns)).every((c) => (c.metadata.ownerReferences ?? []).length === 0),
      30_000,
      'no claim owned by the set any more',
    );
    await statefulSets().delete('web', ns);
    await eventually(
      async () => (await podsClient().list({ namespace: ns })).items.length === 0,
      30_000,
      'the pods deleted with the set',
    );
    expect((await claimsIn(ns)).map((c) => c.metadata.name)).toEqual([
      'data-web-0',
      'data-web-1',
      'data-web-2',
    ]);
  }, 90_000);
});
