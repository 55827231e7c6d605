/**
 * The kube-controller-manager process as a whole: its start line, health endpoints (ready once
 * the informer caches have synced) and Kubernetes-named work-queue metrics.
 */
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ControllerManagerModule } from '../src/controller-manager.module';
import { CONTROLLER_MANAGER_START_LINE } from '../src/controller-manager.service';
import { eventually, startTestControllerManager, type TestControllerManager } from './control-plane-harness';

describe(ControllerManagerModule.name, () => {
  let api: TestApiserver;
  let controllerManager: TestControllerManager;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    api = await startTestApiserver('cm-shell');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
    try {
      controllerManager = await startTestControllerManager(api, { LOG_LEVEL: 'info' });
    } finally {
      write.mockRestore();
    }
  });

  afterAll(async () => {
    await controllerManager.close();
    await api.close();
  });

  it('says at start what it does', () => {
    expect(lines.find((line) => line.message === CONTROLLER_MANAGER_START_LINE)).toMatchObject({
      level: 'info',
      component: 'kube-controller-manager',
      apiserver: api.url,
      leaderElection: false,
    });
  });

  it('answers /healthz and /livez, and /readyz once the informers have synced', async () => {
    for (const path of ['/healthz', '/livez']) {
      const res = await fetch(controllerManager.url + path);
      expect([path, res.status, await res.text()]).toEqual([path, 200, 'ok']);
    }
    await eventually(async () => (await fetch(`${controllerManager.url}/readyz`)).status === 200);
    const verbose = await (await fetch(`${controllerManager.url}/readyz?verbose`)).text();
    expect(verbose).toContain('[+]informers-synced ok');
  });

  it('exports the work-queue and reconcile metrics with Kubernetes names', async () => {
    // The first resync at start puts every namespace on the namespace controller's queue.
    const body = await eventually(async () => {
      const text = await (await fetch(`${controllerManager.url}/metrics`)).text();
      return /controller_reconcile_total\{[^}]*controller="namespace"/.test(text) && text;
    });
    expect(body).toMatch(/^process_cpu_user_seconds_total\{component="kube-controller-manager"\} /m);
    expect(body).toMatch(/workqueue_work_duration_seconds_bucket\{[^}]*name="namespace"/);
    expect(body).toMatch(/workqueue_depth\{[^}]*name="replicaset"/);
  });
});
