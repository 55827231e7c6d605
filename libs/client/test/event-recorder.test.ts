/** Events written through a real apiserver: shape, namespace, and deduplication. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { builtinResources, Event, Node, Pod } from '@orchestra/api';
import { createLogger } from '@orchestra/observability';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ApiClient } from '../src/api-client';
import { Clock, systemClock } from '../src/clock';
import { EventRecorder } from '../src/event-recorder';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind)!;
const logger = createLogger({ component: 'event-test', level: 'error' });

describe(EventRecorder.name, () => {
  let api: TestApiserver;
  let client: ApiClient;
  let pod: Pod;

  beforeAll(async () => {
    api = await startTestApiserver('events');
    client = new ApiClient({ baseUrl: api.url, userAgent: 'event-test', token: api.token });
    pod = await client.resource<Pod>(def('Pod')).create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
  });
  afterAll(() => api.close());

  const eventsAbout = async (name: string, namespace = 'default') =>
    (
      await client
        .resource<Event>(def('Event'))
        .list({ namespace, fieldSelector: `involvedObject.name=${name}` })
    ).items;

  it('writes an Event in the object’s namespace with the involved object and source', async () => {
    const recorder = new EventRecorder({ client, component: 'default-scheduler', host: 'cp-1', logger });
    await recorder.normal(pod, 'Scheduled', 'Successfully assigned default/web-1 to node-1');
    const [event] = await eventsAbout('web-1');
    expect(event.metadata.name).toMatch(/^web-1\.[0-9a-f]{16}$/);
    expect(event).toMatchObject({
      involvedObject: {
        kind: 'Pod',
        apiVersion: 'v1',
        namespace: 'default',
        name: 'web-1',
        uid: pod.metadata.uid,
        resourceVersion: pod.metadata.resourceVersion,
      },
      reason: 'Scheduled',
      type: 'Normal',
      count: 1,
      source: { component: 'default-scheduler', host: 'cp-1' },
      reportingComponent: 'default-scheduler',
    });
    expect(event.firstTimestamp).toBe(event.lastTimestamp);
  });

  it('logs each event as Kubernetes does ("Event occurred"), with the object and the reason', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const recorder = new EventRecorder({
      client,
      component: 'kubelet',
      logger: createLogger({ component: 'kubelet', level: 'info', stream }),
    });
    const other = { ...pod, metadata: { ...pod.metadata, name: 'web-logged' } };
    await recorder.warning(other, 'BackOff', 'Back-off restarting failed container c');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        component: 'kubelet',
        message: 'Event occurred',
        object: { kind: 'Pod', namespace: 'default', name: 'web-logged' },
        type: 'Warning',
        reason: 'BackOff',
        // events.k8s.io/v1's name for the text: `message` is the log line's own.
        note: 'Back-off restarting failed container c',
      }),
    ]);
  });

  it('folds the same event into one Event with a count, and keeps different ones apart', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const clock: Clock = { now: () => now, sleep: systemClock.sleep };
    const recorder = new EventRecorder({ client, component: 'kubelet', clock, logger });
    // Fired without awaiting, as controllers do: the second must still see the first.
    const first = recorder.warning(pod, 'BackOff', 'Back-off restarting failed container');
    now += 5_000;
    const second = recorder.warning(pod, 'BackOff', 'Back-off restarting failed container');
    await Promise.all([first, second]);
    await recorder.normal(pod, 'Pulled', 'Container image "nginx" already present on machine');

    const events = (await eventsAbout('web-1')).filter((e) => e.source?.component === 'kubelet');
    const backOff = events.filter((e) => e.reason === 'BackOff');
    expect(backOff).toHaveLength(1);
    expect(backOff[0]).toMatchObject({
      count: 2,
      type: 'Warning',
      firstTimestamp: '2030-01-01T00:00:00Z',
      lastTimestamp: '2030-01-01T00:00:05Z',
    });
    expect(events.filter((e) => e.reason === 'Pulled')).toHaveLength(1);

    // Past the 10-minute window the same event starts a new Event.
    now += 11 * 60_000;
    await recorder.warning(pod, 'BackOff', 'Back-off restarting failed container');
    expect((await eventsAbout('web-1')).filter((e) => e.reason === 'BackOff')).toHaveLength(2);
  });

  it('puts Events about cluster-scoped objects in default', async () => {
    const node = await client.resource<Node>(def('Node')).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-9' },
      spec: {},
    });
    await new EventRecorder({ client, component: 'node-controller', logger }).normal(
      node,
      'RegisteredNode',
      'Node node-9 event: Registered Node node-9 in Controller',
    );
    const [event] = await eventsAbout('node-9');
    expect(event.metadata.namespace).toBe('default');
    expect(event.involvedObject).toMatchObject({ kind: 'Node', name: 'node-9', uid: node.metadata.uid });
  });

  it('never throws, even when the apiserver is unreachable', async () => {
    const down = new ApiClient({ baseUrl: 'http://127.0.0.1:1', userAgent: 't', maxRetries: 0 });
    await expect(
      new EventRecorder({ client: down, component: 'x', logger }).normal(pod, 'R', 'm'),
    ).resolves.toBeUndefined();
  });

  it('gives up the writes still queued or in flight once its signal aborts (shutdown), quietly', async () => {
    // An apiserver that never answers: without the abort, the writes would wait for it.
    const hung = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hung.address() as AddressInfo;
      const stuck = new ApiClient({ baseUrl: `http://127.0.0.1:${port}`, userAgent: 't' });
      const warnings: unknown[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          warnings.push(JSON.parse(chunk.toString()));
          done();
        },
      });
      const shutdown = new AbortController();
      const recorder = new EventRecorder({
        client: stuck,
        component: 'kubelet',
        logger: createLogger({ component: 'kubelet', level: 'warn', stream }),
        signal: shutdown.signal,
      });
      // The second waits behind the first (the same event), the third is another one.
      const writes = [
        recorder.warning(pod, 'Unhealthy', 'm'),
        recorder.warning(pod, 'Unhealthy', 'm'),
        recorder.warning(pod, 'Unhealthy', 'other'),
      ];
      await new Promise((r) => setTimeout(r, 100));
      shutdown.abort();
      await expect(Promise.all(writes)).resolves.toEqual([undefined, undefined, undefined]);
      expect(warnings).toEqual([]);
    } finally {
      hung.closeAllConnections();
      hung.close();
    }
  });
});
