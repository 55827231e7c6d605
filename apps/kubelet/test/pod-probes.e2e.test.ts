/**
 * Probes on a simulated node against a real apiserver, with `orchestra/web`'s health endpoints:
 * a readiness probe gates Ready (the pod runs unready until it passes, and turns unready again
 * when /healthz starts failing, with an Unhealthy event but no restart); a failing liveness probe
 * kills the container (Killing) and restarts it, with back-off, so restartCount grows.
 */
import type { Pod } from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ProbeManager } from '../src/pods/probe-manager';
import {
  boundPod,
  eventsFor,
  eventually,
  getPod,
  podsDef,
  startTestKubelet,
  testClient,
  type TestKubelet,
} from './kubelet-harness';

const healthz = { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 };

function webPod(
  name: string,
  probes: Partial<Pod['spec']['containers'][number]>,
  env: Record<string, string> = {},
): Pod {
  return boundPod(name, 'probe-1', {
    name: 'web',
    image: 'orchestra/web',
    ports: [{ containerPort: 8080 }],
    env: Object.entries(env).map(([key, value]) => ({ name: key, value })),
    ...probes,
  });
}

const condition = (pod: Pod | undefined, type: string) =>
  pod?.status?.conditions?.find((c) => c.type === type);

/** Every status of pod `name` written from `rv` on. */
function watchStatuses(client: ApiClient, name: string, rv: string) {
  const seen: Pod[] = [];
  const abort = new AbortController();
  void client
    .resource<Pod>(podsDef)
    .watch(
      { namespace: 'default', fieldSelector: `metadata.name=${name}`, resourceVersion: rv },
      (event) => seen.push(event.object),
      abort.signal,
    )
    .catch(() => undefined);
  return { seen, stop: () => abort.abort() };
}

describe(ProbeManager.name, () => {
  let api: TestApiserver;
  let kubelet: TestKubelet;
  let client: ApiClient;

  beforeAll(async () => {
    api = await startTestApiserver('kubelet-probes');
    client = testClient(api);
    // A 1 s probe period is 20 ms; the 10 s restart back-off is 200 ms.
    kubelet = await startTestKubelet(api, { NODE_NAME_PREFIX: 'probe', TIME_SCALE: '50' });
    await kubelet.service.started();
  });

  afterAll(async () => {
    await kubelet.close();
    await api.close();
  });

  it('keeps a running pod unready until its readiness probe passes, then Ready', async () => {
    const created = await client
      .resource<Pod>(podsDef)
      .create(webPod('ready', { readinessProbe: { ...healthz, initialDelaySeconds: 5 } }));
    const watch = watchStatuses(client, 'ready', created.metadata.resourceVersion!);
    try {
      await eventually(
        async () => watch.seen.some((p) => condition(p, 'Ready')?.status === 'True'),
        10_000,
        'ready Ready',
      );
    } finally {
      watch.stop();
    }
    // Running before Ready: the readiness result starts as Failure until the first probe passes.
    const runningUnready = watch.seen.find(
      (p) => p.status?.phase === 'Running' && condition(p, 'Ready')?.status === 'False',
    );
    expect(runningUnready?.status?.containerStatuses?.[0]).toMatchObject({
      ready: false,
      started: true,
      state: { running: expect.any(Object) },
    });
    expect(condition(runningUnready, 'ContainersReady')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [web]',
    });
    const ready = await getPod(client, 'ready');
    expect(ready!.status!.containerStatuses![0]).toMatchObject({ ready: true, restartCount: 0 });
    expect(condition(ready, 'ContainersReady')?.status).toBe('True');
  });

  it('turns a pod unready (still Running, not restarted) when its readiness probe starts failing', async () => {
    const created = await client
      .resource<Pod>(podsDef)
      .create(
        webPod(
          'flaky',
          { readinessProbe: { ...healthz, failureThreshold: 1 } },
          { HEALTHZ_FAIL_AFTER_SECONDS: '20' },
        ),
      );
    // Ready lasts 20 simulated seconds (400 ms here): watched, not polled, so no status write is
    // missed; and long enough that a busy kubelet writes it at all (at 4 s, 80 ms, a loaded CI run
    // once saw the Ready status coalesced away before it was written, as a status manager may).
    const watch = watchStatuses(client, 'flaky', created.metadata.resourceVersion!);
    try {
      await eventually(
        async () => watch.seen.some((p) => condition(p, 'Ready')?.status === 'True'),
        10_000,
        'flaky Ready',
      );
    } finally {
      watch.stop();
    }
    const unready = await eventually(
      async () => {
        const pod = await getPod(client, 'flaky');
        return condition(pod, 'Ready')?.status === 'False' && pod;
      },
      10_000,
      'flaky unready again',
    );
    expect(unready.status!.phase).toBe('Running');
    expect(unready.status!.containerStatuses![0]).toMatchObject({
      ready: false,
      started: true,
      restartCount: 0,
      state: { running: expect.any(Object) },
    });
    expect(condition(unready, 'Ready')).toMatchObject({ reason: 'ContainersNotReady' });
    const unhealthy = await eventually(
      async () => (await eventsFor(client, 'flaky')).find((e) => e.reason === 'Unhealthy'),
      5_000,
      'an Unhealthy event',
    );
    expect(unhealthy).toMatchObject({
      type: 'Warning',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 500',
      source: { component: 'kubelet', host: 'probe-1' },
    });
    expect((await eventsFor(client, 'flaky')).some((e) => e.reason === 'Killing')).toBe(false);
  });

  it('kills and restarts a container whose liveness probe fails, so restartCount grows', async () => {
    await client
      .resource<Pod>(podsDef)
      .create(
        webPod(
          'sick',
          { livenessProbe: { ...healthz, failureThreshold: 2 } },
          { HEALTHZ_FAIL_AFTER_SECONDS: '3' },
        ),
      );
    const pod = await eventually(
      async () => {
        const p = await getPod(client, 'sick');
        return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 && p;
      },
      15_000,
      'restartCount 2',
    );
    // orchestra/web exits 0 on SIGTERM; it is restarted all the same (restartPolicy Always).
    expect(pod.status!.containerStatuses![0].lastState?.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    const messages = (await eventsFor(client, 'sick')).map((e) => `${e.type} ${e.reason} ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500',
        'Normal Killing Container web failed liveness probe, will be restarted',
      ]),
    );
  });
});
