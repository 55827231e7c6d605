/**
 * The generated credentials as `npm start` and compose use them, on real processes: the apiserver
 * serves HTTPS with the serving certificate and authenticates with the token file; a scheduler
 * and a kubelet reach it through the CA (NODE_EXTRA_CA_CERTS) with their own tokens; and an
 * apiserver asked to listen beyond loopback without TLS refuses to start.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, ComponentProcess, startComponent } from '../../testing/component-process';
import { eventually } from '../../testing/eventually';
import { fetchTrusting } from '../../testing/https-fetch';
import { createTestRedis, TestRedis } from '../../testing/test-redis';
import { Credentials, ensureCredentials } from '../ensure-credentials';

describe('generated credentials on a running apiserver', () => {
  let dir: string;
  let redis: TestRedis;
  let credentials: Credentials;
  let apiserver: ComponentProcess;
  const started: ComponentProcess[] = [];
  const asAdmin = () =>
    fetchTrusting(credentials.caPem, { authorization: `Bearer ${credentials.adminToken}` });

  beforeAll(async () => {
    await buildDist();
    dir = mkdtempSync(join(tmpdir(), 'orchestra-credentials-e2e-'));
    redis = createTestRedis('credentials');
    credentials = await ensureCredentials({ dir, kubelets: { kubelet: ['tls-node-1'] } });
    apiserver = await startComponent({
      name: 'apiserver',
      script: 'apps/apiserver/src/main.js',
      portVariable: 'APISERVER_PORT',
      env: {
        REDIS_URL: redis.url,
        ORCHESTRA_KEY_PREFIX: redis.prefix,
        TLS_CERT_FILE: credentials.tlsCertFile,
        TLS_PRIVATE_KEY_FILE: credentials.tlsPrivateKeyFile,
        TOKEN_AUTH_FILE: credentials.tokenAuthFile,
        SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
        NODE_EXTRA_CA_CERTS: credentials.caFile,
        // For its `listening on https://…` line.
        LOG_LEVEL: 'info',
      },
    });
    started.push(apiserver);
  }, 180_000);

  afterAll(async () => {
    for (const p of started.reverse()) await p.stop();
    await redis?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS only, with a certificate the CA signed, and answers only authenticated users', async () => {
    expect(apiserver.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(apiserver.output()).toContain(`listening on ${apiserver.url}`);
    const anonymous = fetchTrusting(credentials.caPem);
    expect((await anonymous(`${apiserver.url}/readyz`)).status).toBe(200);
    expect((await anonymous(`${apiserver.url}/api/v1/nodes`)).status).toBe(401);
    expect((await asAdmin()(`${apiserver.url}/api/v1/nodes`)).status).toBe(200);
    // Not in plain HTTP, and not to a client that does not trust the CA.
    await expect(fetch(apiserver.url.replace('https:', 'http:') + '/readyz')).rejects.toThrow();
    await expect(fetch(`${apiserver.url}/readyz`)).rejects.toThrow();
  });

  it('lets a scheduler and a kubelet in as themselves, through the CA', async () => {
    const clientEnv = {
      REDIS_URL: redis.url,
      ORCHESTRA_KEY_PREFIX: redis.prefix,
      APISERVER_URL: apiserver.url,
      NODE_EXTRA_CA_CERTS: credentials.caFile,
    };
    // Ready means its informers listed and watched: authenticated and authorized.
    started.push(
      await startComponent({
        name: 'scheduler',
        script: 'apps/scheduler/src/main.js',
        portVariable: 'SCHEDULER_PORT',
        env: { ...clientEnv, APISERVER_TOKEN_FILE: credentials.tokenFiles.scheduler },
      }),
    );
    started.push(
      await startComponent({
        name: 'kubelet',
        script: 'apps/kubelet/src/main.js',
        portVariable: 'KUBELET_PORT',
        env: {
          ...clientEnv,
          NODES: '1',
          NODE_NAME: 'tls-node-1',
          NODE_TOKENS_FILE: credentials.nodeTokensFiles.kubelet,
        },
      }),
    );
    const node = await eventually(
      async () => {
        const res = await asAdmin()(`${apiserver.url}/api/v1/nodes/tls-node-1`);
        return res.status === 200 && ((await res.json()) as { metadata: { name: string } });
      },
      20_000,
      'node tls-node-1 registered',
    );
    expect(node.metadata.name).toBe('tls-node-1');
    expect(readFileSync(credentials.nodeTokensFiles.kubelet, 'utf8')).toMatch(/,system:node:tls-node-1,/);
  }, 60_000);

  it('refuses to start on a non-loopback address without TLS, naming the variables to set', async () => {
    const refused = startComponent({
      name: 'apiserver',
      script: 'apps/apiserver/src/main.js',
      portVariable: 'APISERVER_PORT',
      env: { REDIS_URL: redis.url, ORCHESTRA_KEY_PREFIX: redis.prefix, BIND_ADDRESS: '0.0.0.0' },
    });
    await expect(refused).rejects.toThrow(/set TLS_CERT_FILE and TLS_PRIVATE_KEY_FILE/);
  });
});
