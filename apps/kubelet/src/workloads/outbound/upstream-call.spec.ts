import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callUpstream, describeUpstream, upstreamFailed } from './upstream-call';

describe(callUpstream.name, () => {
  let server: Server;
  let port: number;
  const seen: { host?: string; url?: string }[] = [];

  beforeAll(async () => {
    // Plays the node's Service proxy: records what the pod sent it.
    server = createServer((req, res) => {
      seen.push({ host: req.headers.host, url: req.url });
      res.writeHead(req.url === '/fail' ? 503 : 200).end('Hello from backend-1\nsecond line\n');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("sends a request for an IP through the node's service proxy, with that IP and port as Host", async () => {
    const network = {
      resolvConf: { nameservers: [], searches: [], ndots: 5 },
      serviceProxy: `127.0.0.1:${port}`,
    };
    const result = await callUpstream('http://10.96.0.12:8080/hello?x=1', network, { timeoutMs: 2_000 });
    expect(result).toMatchObject({ address: '10.96.0.12', status: 200, body: 'Hello from backend-1' });
    expect(seen.at(-1)).toEqual({ host: '10.96.0.12:8080', url: '/hello?x=1' });
    expect(upstreamFailed(result)).toBe(false);
    expect(describeUpstream(result)).toBe(
      'upstream http://10.96.0.12:8080/hello?x=1 (10.96.0.12 → 10.96.0.12): 200 Hello from backend-1',
    );
  });

  it('counts a 5xx answer, a connection error and a name with no nameserver as failures', async () => {
    const viaProxy = {
      resolvConf: { nameservers: [], searches: [], ndots: 5 },
      serviceProxy: `127.0.0.1:${port}`,
    };
    expect(upstreamFailed(await callUpstream('http://10.96.0.12/fail', viaProxy, { timeoutMs: 2_000 }))).toBe(
      true,
    );
    const noProxy = await callUpstream(`http://127.0.0.1:1/`, undefined, { timeoutMs: 2_000 });
    expect(noProxy.error).toMatch(/ECONNREFUSED/);
    const noDns = await callUpstream('http://backend/', viaProxy, { timeoutMs: 2_000 });
    expect([noDns.error, noDns.status]).toEqual(['ECONNREFUSED', undefined]);
  });
});
