/**
 * A DaemonSet rolling update on real simulated nodes (one in-process kubelet running three nodes,
 * playground profile at TIME_SCALE 20): each new pod runs `orchestra/web` unready until its
 * readiness probe passes, so the update must wait for it. Checked continuously: never more than
 * maxUnavailable (1) of the three nodes without a ready daemon pod; in the end every node runs the
 * new template, and the status says so.
 */
import { builtinResources, DaemonSet, Pod, ResourceDefinition } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { startTestKubelet, type TestKubelet } from '../../kubelet/test/kubelet-harness';
import { startTestScheduler, type TestScheduler } from '../../scheduler/test/scheduler-harness';
import { eventually, startTestControllerManager, type TestControllerManager } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const namespace = 'default';
const nodeNames = ['ds-1', 'ds-2', 'ds-3'];

function daemonSet(message: string): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'web-agent', namespace },
    spec: {
      selector: { matchLabels: { app: 'web-agent' } },
      template: {
        metadata: { labels: { app: 'web-agent' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'orchestra/web',
              ports: [{ containerPort: 8080 }],
              env: [{ name: 'MESSAGE', value: message }],
              // 20 s at TIME_SCALE 20: about 1 s unready after each start.
              readinessProbe: {
                httpGet: { path: '/healthz', port: 8080 },
                initialDelaySeconds: 20,
                periodSeconds: 1,
              },
            },
          ],
        },
      },
    },
  };
}

const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const message = (p: Pod) => p.spec.containers[0].env?.find((e) => e.name === 'MESSAGE')?.value;

describe('DaemonSet rolling update on simulated nodes', () => {
  let api: TestApiserver;
  let client: ApiClient;
  let controllerManager: TestControllerManager;
  let scheduler: TestScheduler;
  let kubelet: TestKubelet;
  const daemonSets = () => client.resource<DaemonSet>(def('DaemonSet'));
  const livePods = async () =>
    (await client.resource<Pod>(def('Pod')).list({ namespace, labelSelector: 'app=web-agent' })).items.filter(
      (p) => !p.metadata.deletionTimestamp,
    );
  const allOn = (wanted: string) =>
    eventually(
      async () => {
        const pods = await livePods();
        const nodes = pods.filter((p) => isReady(p) && message(p) === wanted).map((p) => p.spec.nodeName);
        return pods.length === 3 && JSON.stringify(nodes.sort()) === JSON.stringify(nodeNames);
      },
      60_000,
      `a ready ${wanted} pod on each node`,
    );

  beforeAll(async () => {
    api = await startTestApiserver('daemonset-rolling-update');
    client = new ApiClient({ baseUrl: api.url, userAgent: 'daemonset-e2e', token: api.token });
    controllerManager = await startTestControllerManager(api);
    scheduler = await startTestScheduler(api);
    kubelet = await startTestKubelet(api, { NODES: '3', NODE_NAME_PREFIX: 'ds' });
    await kubelet.service.started();
  }, 60_000);

  afterAll(async () => {
    await kubelet?.close();
    await scheduler?.close();
    await controllerManager?.close();
    await api?.close();
  });

  it('replaces one node at a time, waiting for readiness', async () => {
    await daemonSets().create(daemonSet('v1'));
    await allOn('v1');

    let worst = 0;
    let sawUnavailable = false;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const ready = new Set((await livePods()).filter(isReady).map((p) => p.spec.nodeName));
        const unavailable = nodeNames.filter((n) => !ready.has(n)).length;
        worst = Math.max(worst, unavailable);
        if (unavailable > 0) sawUnavailable = true;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    try {
      // The controller writes the status meanwhile: retry a conflicting update on a fresh copy.
      await eventually(async () => {
        const ds = await daemonSets().get('web-agent', namespace);
        ds.spec.template.spec.containers[0].env = [{ name: 'MESSAGE', value: 'v2' }];
        return daemonSets().update(ds);
      });
      await allOn('v2');
    } finally {
      watching = false;
      await watcher;
    }

    expect(sawUnavailable).toBe(true);
    expect(worst).toBeLessThanOrEqual(1);
    await eventually(
      async () => {
        const latest = await daemonSets().get('web-agent', namespace);
        const s = latest.status;
        return (
          s?.observedGeneration === latest.metadata.generation &&
          s?.desiredNumberScheduled === 3 &&
          s?.updatedNumberScheduled === 3 &&
          s?.numberAvailable === 3
        );
      },
      20_000,
      'status: 3 updated and available',
    );
  }, 120_000);
});
