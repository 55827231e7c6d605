/**
 * The Endpoints controller end to end: a Deployment and a Service on a whole control plane (the
 * apiserver's dispatcher, the controller-manager, the scheduler and the stand-in kubelet) give
 * Endpoints that follow the pods' readiness, deletion and replacement, and go with the Service.
 */
import {
  builtinResources,
  Deployment,
  EndpointAddress,
  Endpoints,
  Pod,
  ResourceDefinition,
  Service,
} from '@orchestra/api';
import { ResourceClient } from '@orchestra/client';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { eventually, startTestControlPlane, TestControlPlane } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

const deployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 8080 }],
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
          },
        ],
      },
    },
  },
};

const service = (name: string, selector?: Record<string, string>): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', labels: { tier: 'front' } },
  spec: { ...(selector ? { selector } : {}), ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
});

const isReady = (pod: Pod) =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const uids = (addresses: EndpointAddress[] | undefined) =>
  (addresses ?? []).map((a) => a.targetRef?.uid ?? '').sort();
const uidsOf = (pods: Pod[]) => pods.map((p) => p.metadata.uid ?? '').sort();

describe('Endpoints on a control plane', () => {
  let plane: TestControlPlane;
  let pods: ResourceClient<Pod>;
  let endpoints: ResourceClient<Endpoints>;
  let services: ResourceClient<Service>;

  const livePods = async () =>
    (await pods.list({ namespace: 'default', labelSelector: 'app=web' })).items.filter(
      (p) => !p.metadata.deletionTimestamp,
    );
  const webEndpoints = () => endpoints.get('web', 'default').catch(() => undefined);
  /** The Endpoints once their one subset lists exactly these ready and not-ready pods. */
  const endpointsListing = (ready: Pod[], notReady: Pod[], what: string) =>
    eventually(
      async () => {
        const ep = await webEndpoints();
        const subsets = ep?.subsets ?? [];
        if (subsets.length !== 1) return false;
        const [subset] = subsets;
        const matches =
          JSON.stringify(uids(subset.addresses)) === JSON.stringify(uidsOf(ready)) &&
          JSON.stringify(uids(subset.notReadyAddresses)) === JSON.stringify(uidsOf(notReady));
        return matches && ep;
      },
      30_000,
      what,
    );

  beforeAll(async () => {
    plane = await startTestControlPlane('endpoints');
    pods = plane.client.resource<Pod>(def('Pod'));
    endpoints = plane.client.resource<Endpoints>(def('Endpoints'));
    services = plane.client.resource<Service>(def('Service'));
    await StandinKubelet.createNodes(plane.client, [
      { name: 'node-a' },
      { name: 'node-b' },
      { name: 'node-c' },
    ]);
  }, 60_000);
  afterAll(() => plane.close());

  let manual: Endpoints;

  it('leaves the user-managed Endpoints of a Service without a selector alone', async () => {
    await services.create(service('manual'));
    manual = await endpoints.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'manual', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '192.168.1.10' }], ports: [{ name: 'http', port: 8080 }] }],
    });
    // Checked again at the end, after many reconciles of the namespace's Services.
  });

  it('lists the 3 ready pods of a Deployment behind its Service, with ip, nodeName and targetRef', async () => {
    await plane.client.resource<Deployment>(def('Deployment')).create(deployment);
    await services.create(service('web', { app: 'web' }));
    const running = await eventually(
      async () => {
        const list = await livePods();
        return list.length === 3 && list.every((p) => isReady(p) && p.status?.podIP) && list;
      },
      30_000,
      '3 ready pods',
    );
    const ep = await endpointsListing(running, [], '3 ready addresses');
    expect(ep.metadata.labels).toEqual({ tier: 'front' });
    expect(ep.subsets?.[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byUid = new Map(running.map((p) => [p.metadata.uid, p]));
    for (const address of ep.subsets?.[0].addresses ?? []) {
      const pod = byUid.get(address.targetRef?.uid)!;
      expect(address).toMatchObject({
        ip: pod.status?.podIP,
        nodeName: pod.spec.nodeName,
        targetRef: { kind: 'Pod', namespace: 'default', name: pod.metadata.name, uid: pod.metadata.uid },
      });
    }
  }, 60_000);

  it('moves a pod that is no longer ready to notReadyAddresses', async () => {
    const [sick, ...healthy] = await livePods();
    plane.kubelet.holdNotReady.add(`default/${sick.metadata.name}`);
    const conditions = (sick.status?.conditions ?? []).map((c) =>
      c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False' as const } : c,
    );
    await pods.updateStatus({ ...sick, status: { ...sick.status, conditions } });
    await endpointsListing(healthy, [sick], 'the pod in notReadyAddresses');
  }, 60_000);

  it('drops a deleted pod and lists its replacement', async () => {
    const before = await livePods();
    const sick = before.find((p) => !isReady(p))!;
    const victim = before.find((p) => isReady(p))!;
    await pods.delete(victim.metadata.name!, 'default');
    const after = await eventually(
      async () => {
        const list = await livePods();
        const replaced = list.length === 3 && !list.some((p) => p.metadata.uid === victim.metadata.uid);
        return replaced && list.every((p) => p.metadata.uid === sick.metadata.uid || isReady(p)) && list;
      },
      30_000,
      'a ready replacement pod',
    );
    const ready = after.filter((p) => p.metadata.uid !== sick.metadata.uid);
    await endpointsListing(ready, [sick], 'the replacement listed, the deleted pod gone');
  }, 60_000);

  it('deletes the Endpoints with their Service', async () => {
    await services.delete('web', 'default');
    await eventually(async () => (await webEndpoints()) === undefined, 30_000, 'the Endpoints deleted');
  }, 60_000);

  it('has not touched the user-managed Endpoints meanwhile', async () => {
    const now = await endpoints.get('manual', 'default');
    expect(now.metadata.resourceVersion).toBe(manual.metadata.resourceVersion);
    expect(now.subsets).toEqual(manual.subsets);
  });
});
