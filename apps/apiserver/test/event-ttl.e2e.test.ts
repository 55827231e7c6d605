/** Event expiry (kube-apiserver's --event-ttl): old Events are deleted, and watchers see it. */
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { EventTtlService, lastSeen } from '../src/registry/event-ttl.service';

const path = '/api/v1/namespaces/default/events';

const event = (name: string, times: Record<string, string> = {}) => ({
  metadata: { name },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1' },
  reason: 'Test',
  message: name,
  type: 'Normal',
  ...times,
});

/** Collects a watch stream's events (as the admin) until aborted. */
function watchEvents(api: TestApiserver, url: string): { events: any[]; close(): void } {
  const controller = new AbortController();
  const events: any[] = [];
  void (async () => {
    const res = await api.fetch(url, { signal: controller.signal });
    let buffered = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += Buffer.from(chunk).toString('utf8');
      for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
        events.push(JSON.parse(buffered.slice(0, i)));
        buffered = buffered.slice(i + 1);
      }
    }
  })().catch(() => undefined); // aborted by the test
  return { events, close: () => controller.abort() };
}

async function until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let value = check(); ; value = check()) {
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(EventTtlService.name, () => {
  it('takes the series, lastTimestamp, eventTime, then creationTimestamp as the time last seen', () => {
    const meta = { name: 'e', creationTimestamp: '2024-01-01T00:00:00Z' };
    const base = { metadata: meta, involvedObject: {} };
    expect(lastSeen(base)).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(lastSeen({ ...base, eventTime: '2024-01-02T00:00:00.000000Z' })).toBe(Date.parse('2024-01-02'));
    expect(
      lastSeen({ ...base, eventTime: '2024-01-02T00:00:00Z', lastTimestamp: '2024-01-03T00:00:00Z' }),
    ).toBe(Date.parse('2024-01-03'));
    expect(
      lastSeen({
        ...base,
        lastTimestamp: '2024-01-03T00:00:00Z',
        series: { lastObservedTime: '2024-01-04T00:00:00Z' },
      }),
    ).toBe(Date.parse('2024-01-04'));
  });

  describe('with a 1 s TTL swept every 200 ms', () => {
    let api: TestApiserver;
    beforeAll(async () => {
      api = await startTestApiserver('ttl', { EVENT_TTL_SECONDS: '1', EVENT_TTL_SWEEP_INTERVAL_MS: '200' });
    });
    afterAll(() => api.close());

    it('deletes an old Event (watchers see DELETED) and keeps a fresh one until it ages', async () => {
      const rv = (await call(api.url, 'GET', path)).body.metadata.resourceVersion;
      const watch = watchEvents(api, `${path}?watch=true&resourceVersion=${rv}`);
      try {
        const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
        expect((await call(api.url, 'POST', path, event('old', { lastTimestamp: hourAgo }))).status).toBe(
          201,
        );
        // eventTime is a MicroTime: sub-second precision makes the fresh Event's age exact.
        const freshAt = Date.now();
        const created = await call(
          api.url,
          'POST',
          path,
          event('fresh', { eventTime: new Date(freshAt).toISOString() }),
        );
        expect(created.status).toBe(201);
        const deletedOf = (name: string) => () =>
          watch.events.find((e) => e.type === 'DELETED' && e.object.metadata.name === name);

        const old = await until(deletedOf('old'), 3000, 'the old Event to be deleted');
        expect(old.object.lastTimestamp).toBe(hourAgo);
        // Several sweeps run while the fresh Event is younger than the TTL: it stays.
        await new Promise((r) => setTimeout(r, Math.max(0, freshAt + 700 - Date.now())));
        expect((await call(api.url, 'GET', `${path}/fresh`)).status).toBe(200);

        await until(deletedOf('fresh'), 3000, 'the fresh Event to expire');
        expect(Date.now() - freshAt).toBeGreaterThanOrEqual(1000);
        expect((await call(api.url, 'GET', `${path}/fresh`)).status).toBe(404);
      } finally {
        watch.close();
      }
    });
  });

  describe('sweeping from several apiservers at once', () => {
    let api: TestApiserver;
    beforeAll(async () => {
      // The timer never fires here: the test calls sweep() itself.
      api = await startTestApiserver('ttl-concurrent', {
        EVENT_TTL_SECONDS: '1',
        EVENT_TTL_SWEEP_INTERVAL_MS: '3600000',
      });
    });
    afterAll(() => api.close());

    it('deletes each expired Event once, and a sweep losing the race does not fail', async () => {
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      for (let i = 0; i < 20; i++)
        await call(api.url, 'POST', path, event(`old-${i}`, { lastTimestamp: hourAgo }));
      await call(api.url, 'POST', path, event('recent', { lastTimestamp: new Date().toISOString() }));
      const service = api.app.get(EventTtlService);
      const counts = await Promise.all([service.sweep(), service.sweep(), service.sweep()]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
      const left = (await call(api.url, 'GET', path)).body.items.map((e: any) => e.metadata.name);
      expect(left).toEqual(['recent']);
    });
  });
});
