/**
 * What a user sees when a pod cannot run, as on Kubernetes: an image that does not exist goes
 * ErrImagePull → ImagePullBackOff (and is retried with a growing back-off); a container that
 * keeps crashing is restarted, then held in CrashLoopBackOff with a growing restartCount and its
 * last exit in lastState (and its logs under --previous). Every status the kubelet writes is
 * collected from a watch, so brief states are not missed.
 */
import type { ContainerStatus, Pod } from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ContainerStarter } from '../src/pods/container-starter';
import {
  boundPod,
  eventsFor,
  eventually,
  podsDef,
  startTestKubelet,
  testClient,
  type TestKubelet,
} from './kubelet-harness';

/** Every container status of pod `name` written from now on, in order. */
function watchContainerStatuses(client: ApiClient, name: string, rv: string) {
  const seen: ContainerStatus[] = [];
  const abort = new AbortController();
  void client
    .resource<Pod>(podsDef)
    .watch(
      { namespace: 'default', fieldSelector: `metadata.name=${name}`, resourceVersion: rv },
      (event) => {
        const status = event.object.status?.containerStatuses?.[0];
        if (status) seen.push(status);
      },
      abort.signal,
    )
    .catch(() => undefined);
  return { seen, stop: () => abort.abort() };
}

describe(ContainerStarter.name, () => {
  let api: TestApiserver;
  let kubelet: TestKubelet;
  let client: ApiClient;

  beforeAll(async () => {
    api = await startTestApiserver('kubelet-fail');
    client = testClient(api);
    // Back-offs of 10 s, 20 s, 40 s … become 200 ms, 400 ms, 800 ms.
    kubelet = await startTestKubelet(api, { NODE_NAME_PREFIX: 'fail', TIME_SCALE: '50' });
    await kubelet.service.started();
  });

  afterAll(async () => {
    await kubelet.close();
    await api.close();
  });

  it('reports ErrImagePull, then ImagePullBackOff, and retries the pull with back-off', async () => {
    const pod = await client
      .resource<Pod>(podsDef)
      .create(boundPod('typo', 'fail-1', { image: 'ngnix:1.27' }));
    const watch = watchContainerStatuses(client, 'typo', pod.metadata.resourceVersion!);
    try {
      await eventually(
        async () => watch.seen.filter((s) => s.state?.waiting?.reason === 'ErrImagePull').length >= 2,
        10_000,
        'two failed pulls',
      );
    } finally {
      watch.stop();
    }
    const reasons = watch.seen.map((s) => s.state?.waiting?.reason);
    expect(reasons[0]).toBe('ContainerCreating');
    const firstError = reasons.indexOf('ErrImagePull');
    expect(reasons.indexOf('ImagePullBackOff', firstError)).toBeGreaterThan(firstError);
    expect(watch.seen.every((s) => !s.ready && s.restartCount === 0)).toBe(true);
    const events = await eventsFor(client, 'typo');
    const messages = events.map((e) => `${e.type} ${e.reason} ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Normal Pulling Pulling image "ngnix:1.27"',
        'Warning Failed Error: ErrImagePull',
        'Warning Failed Error: ImagePullBackOff',
        'Normal BackOff Back-off pulling image "ngnix:1.27"',
      ]),
    );
    expect(messages.some((m) => m.startsWith('Warning Failed Failed to pull image "ngnix:1.27": '))).toBe(
      true,
    );
    // Pulls retried (the event count grows), not once per sync.
    expect(events.find((e) => e.reason === 'Pulling')!.count).toBeGreaterThanOrEqual(2);
  });

  it('restarts a crashing container, then holds it in CrashLoopBackOff with a growing restartCount', async () => {
    const pod = await client.resource<Pod>(podsDef).create(
      boundPod('crasher', 'fail-1', {
        image: 'orchestra/crashloop',
        env: [{ name: 'CRASH_AFTER_SECONDS', value: '2' }],
        ports: [],
      }),
    );
    const watch = watchContainerStatuses(client, 'crasher', pod.metadata.resourceVersion!);
    let last: ContainerStatus;
    try {
      last = await eventually(
        async () => {
          const s = watch.seen.at(-1);
          return s && s.restartCount >= 3 && s.state?.waiting?.reason === 'CrashLoopBackOff' && s;
        },
        15_000,
        'restartCount 3 in CrashLoopBackOff',
      );
    } finally {
      watch.stop();
    }
    expect(last.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(last.state!.waiting!.message).toMatch(
      /^back-off \d+s restarting failed container=app pod=crasher_default\(/,
    );
    const counts = watch.seen.map((s) => s.restartCount);
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // never goes back
    expect(watch.seen.some((s) => s.state?.terminated?.exitCode === 1)).toBe(true);
    const backOff = (await eventsFor(client, 'crasher')).find((e) => e.reason === 'BackOff');
    expect(backOff).toMatchObject({ type: 'Warning' });
    expect(backOff!.message).toMatch(/^Back-off restarting failed container app in pod crasher_default/);
    // The crashed container's logs stay readable with ?previous=true.
    const res = await fetch(`${kubelet.url}/containerLogs/default/crasher/app?previous=true`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('simulated crash');
  });
});
