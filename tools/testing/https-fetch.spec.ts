import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Credentials, ensureCredentials } from '../credentials/ensure-credentials';
import { fetchTrusting } from './https-fetch';

describe(fetchTrusting.name, () => {
  let dir: string;
  let credentials: Credentials;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orchestra-https-fetch-'));
    credentials = await ensureCredentials({ dir });
    server = createServer(
      { cert: readFileSync(credentials.tlsCertFile), key: readFileSync(credentials.tlsPrivateKeyFile) },
      (req, res) => {
        if (req.url === '/stream') {
          res.write('one\n');
          setTimeout(() => res.end('two\n'), 50);
          return;
        }
        let body = '';
        req.on('data', (d: Buffer) => (body += d));
        req.on('end', () => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ method: req.method, authorization: req.headers.authorization, body }));
        });
      },
    ).listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('talks to a server whose certificate the CA signed, with default and own headers and a body', async () => {
    const f = fetchTrusting(credentials.caPem, { authorization: 'Bearer default' });
    expect(await (await f(`${base}/x`)).json()).toEqual({
      method: 'GET',
      authorization: 'Bearer default',
      body: '',
    });
    const res = await f(`${base}/x`, {
      method: 'POST',
      headers: { authorization: 'Bearer own' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ method: 'POST', authorization: 'Bearer own', body: '{"a":1}' });
  });

  it('streams the body', async () => {
    const res = await fetchTrusting(credentials.caPem)(`${base}/stream`);
    expect(await res.text()).toBe('one\ntwo\n');
  });

  it('refuses a server the CA did not sign', async () => {
    const other = await ensureCredentials({ dir: join(dir, 'other') });
    await expect(fetchTrusting(other.caPem)(`${base}/x`)).rejects.toThrow(/signature|certificate/);
  });
});
