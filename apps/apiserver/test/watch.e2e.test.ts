/** The watch API over HTTP: ordered, gap-free events; resumption; 410 Gone; bookmarks; filtered views. */
import {
  adminHeaders,
  call,
  startTestApiserver,
  TestApiserver,
} from '../../../tools/testing/apiserver-harness';

interface Stream {
  events: any[];
  status: number;
  close(): void;
  waitFor(count: number): Promise<any[]>;
}

/** A watch as the admin of the test apiserver at `base`. */
async function openWatch(base: string, path: string, headers: Record<string, string> = {}): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(base + path, {
    signal: controller.signal,
    headers: { ...adminHeaders(base), ...headers },
  });
  const events: any[] = [];
  const stream: Stream = {
    events,
    status: res.status,
    close: () => controller.abort(),
    waitFor: async (count) => {
      const deadline = Date.now() + 5000;
      while (events.length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `expected ${count} events, got ${events.length}: ${JSON.stringify(events.map((e) => e.type))}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
      return events;
    },
  };
  if (res.status !== 200) {
    events.push(await res.json());
    return stream;
  }
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buffered.slice(0, newline)));
          buffered = buffered.slice(newline + 1);
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  return stream;
}

const cm = (name: string, labels: Record<string, string> = {}) => ({
  metadata: { name, labels },
  data: { v: name },
});

describe('apiserver watch', () => {
  let api: TestApiserver;
  const path = '/api/v1/namespaces/default/configmaps';

  beforeAll(async () => {
    api = await startTestApiserver('watch', {
      CHANGE_LOG_MAX_LENGTH: '100',
      WATCH_BOOKMARK_INTERVAL_MS: '200',
    });
  });
  afterAll(() => api.close());

  it('streams every change after a resourceVersion in order, and resumes without loss', async () => {
    const rv = (await call(api.url, 'GET', path)).body.metadata.resourceVersion;
    const first = await openWatch(api.url, `${path}?watch=true&resourceVersion=${rv}`);
    for (let i = 0; i < 5; i++) await call(api.url, 'POST', path, cm(`w${i}`));
    const seen = await first.waitFor(5);
    first.close();
    const lastRv = seen[4].object.metadata.resourceVersion;
    for (let i = 5; i < 10; i++) await call(api.url, 'POST', path, cm(`w${i}`));
    await call(api.url, 'DELETE', `${path}/w0`);
    const resumed = await openWatch(api.url, `${path}?watch=true&resourceVersion=${lastRv}`);
    const rest = await resumed.waitFor(6);
    resumed.close();
    const all = [...seen, ...rest];
    expect(all.map((e) => e.type)).toEqual([...Array(10).fill('ADDED'), 'DELETED']);
    expect(all.map((e) => e.object.metadata.name)).toEqual([
      'w0',
      'w1',
      'w2',
      'w3',
      'w4',
      'w5',
      'w6',
      'w7',
      'w8',
      'w9',
      'w0',
    ]);
    const rvs = all.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    expect(new Set(rvs).size).toBe(rvs.length);
  });

  it('answers 410 Gone for a resourceVersion older than the retained log', async () => {
    const rv = (await call(api.url, 'GET', path)).body.metadata.resourceVersion;
    for (let i = 0; i < 400; i++)
      await call(api.url, 'PUT', `${path}/w1`, { metadata: { name: 'w1' }, data: { n: String(i) } });
    const stale = await openWatch(api.url, `${path}?watch=true&resourceVersion=${rv}`);
    expect(stale.status).toBe(410);
    expect(stale.events[0]).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('sends the current state first when no resourceVersion is given, then bookmarks', async () => {
    const stream = await openWatch(
      api.url,
      `/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&labelSelector=team%3Dblue`,
    );
    await call(api.url, 'POST', path, cm('blue-1', { team: 'blue' }));
    await call(api.url, 'POST', path, cm('red-1', { team: 'red' }));
    const deadline = Date.now() + 5000;
    while (!stream.events.some((e) => e.type === 'BOOKMARK') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    stream.close();
    const added = stream.events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name);
    expect(added).toEqual(['blue-1']);
    const bookmark = stream.events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark.object).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
    });
  });

  it('shows an object leaving a label selector as DELETED and entering it as ADDED', async () => {
    await call(api.url, 'POST', path, cm('mover', { team: 'green' }));
    const rv = (await call(api.url, 'GET', path)).body.metadata.resourceVersion;
    const stream = await openWatch(
      api.url,
      `${path}?watch=true&resourceVersion=${rv}&labelSelector=team%3Dgreen`,
    );
    const patch = (team: string) =>
      call(
        api.url,
        'PATCH',
        `${path}/mover`,
        { metadata: { labels: { team } } },
        { 'content-type': 'application/merge-patch+json' },
      );
    await patch('yellow');
    await patch('green');
    const events = await stream.waitFor(2);
    stream.close();
    expect(events.map((e) => e.type)).toEqual(['DELETED', 'ADDED']);
  });

  it('implements sendInitialEvents with an initial-events-end bookmark', async () => {
    const stream = await openWatch(
      api.url,
      `${path}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&fieldSelector=metadata.name%3Dw2`,
    );
    const events = await stream.waitFor(2);
    stream.close();
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w2' } } });
    expect(events[1]).toMatchObject({
      type: 'BOOKMARK',
      object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
  });

  it('sends one-row Tables to kubectl get -w', async () => {
    const rv = (await call(api.url, 'GET', path)).body.metadata.resourceVersion;
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const stream = await openWatch(api.url, `${path}?watch=true&resourceVersion=${rv}`, { accept });
    await call(api.url, 'POST', path, cm('tabled'));
    const [event] = await stream.waitFor(1);
    stream.close();
    expect(event.type).toBe('ADDED');
    expect(event.object.kind).toBe('Table');
    expect(event.object.rows).toHaveLength(1);
    expect(event.object.rows[0].cells[0]).toBe('tabled');
  });
});
