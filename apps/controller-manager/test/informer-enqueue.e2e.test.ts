/**
 * The controllers also enqueue from their own informers (enqueueOnChange): with the apiserver's
 * dispatcher switched off, a Deployment still becomes a ReplicaSet and pods, and a scale still
 * lands, long before the periodic resync could have found it. (With the dispatcher on, its job
 * can run before this process's cache has the change, and only the informer's enqueue follows.)
 */
import { builtinResources, type Deployment, type Pod, type ResourceDefinition } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { eventually, startTestControllerManager, type TestControllerManager } from './control-plane-harness';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

describe('controllers enqueue from their informers', () => {
  let api: TestApiserver;
  let controllerManager: TestControllerManager;
  let client: ApiClient;

  beforeAll(async () => {
    api = await startTestApiserver('informer-enqueue', { DISPATCHER_ENABLED: 'false' });
    // A resync far beyond the test's waits: only informer events can bring the keys.
    controllerManager = await startTestControllerManager(api, { RESYNC_PERIOD_MS: '600000' });
    client = new ApiClient({ baseUrl: api.url, userAgent: 'informer-enqueue-e2e', token: api.token });
  });

  afterAll(async () => {
    await controllerManager.close();
    await api.close();
  });

  it('creates and scales a Deployment with no dispatcher', async () => {
    const deployments = client.resource<Deployment>(def('Deployment'));
    const pods = client.resource<Pod>(def('Pod'));
    const livePods = async () =>
      (await pods.list({ namespace: 'default', labelSelector: 'app=quiet' })).items.filter(
        (p) => !p.metadata.deletionTimestamp,
      ).length;
    await deployments.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'quiet', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'quiet' } },
        template: {
          metadata: { labels: { app: 'quiet' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    await eventually(async () => (await livePods()) === 2, 10_000, '2 pods');
    await deployments.patch('quiet', 'default', { spec: { replicas: 5 } }, 'merge');
    await eventually(async () => (await livePods()) === 5, 10_000, '5 pods after the scale');
    await deployments.patch('quiet', 'default', { spec: { replicas: 1 } }, 'merge');
    await eventually(async () => (await livePods()) === 1, 10_000, '1 pod after scaling in');
  });
});
