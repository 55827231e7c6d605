/**
 * REQUEST_TIMEOUT_SECONDS on a real apiserver: a list slowed past the limit (a store-latency run
 * in force, its status written as the chaos controller would) gets 504 Timeout as a Kubernetes
 * Status, once; the handler's late answer is dropped without harm, and the server goes on serving.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { eventually } from '../../../tools/testing/eventually';
import type { AuditEvent } from '../src/audit/audit-event';

const experiments = '/apis/chaos.orchestra.dev/v1alpha1/namespaces/slow/chaosexperiments';

describe('request timeout', () => {
  let api: TestApiserver;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'request-timeout-'));
    api = await startTestApiserver('request-timeout', {
      REQUEST_TIMEOUT_SECONDS: '1',
      AUDIT_LOG_PATH: join(dir, 'audit.log'),
    });
    await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'slow' } });
  });

  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 504 Timeout once a list takes longer than REQUEST_TIMEOUT_SECONDS, and serves on', async () => {
    const created = await call(api.url, 'POST', experiments, {
      apiVersion: 'chaos.orchestra.dev/v1alpha1',
      kind: 'ChaosExperiment',
      metadata: { name: 'slow-lists' },
      spec: {
        action: 'store-latency',
        duration: '60s',
        storeLatency: { delay: '2500ms', operations: ['list'] },
      },
    });
    expect(created.status).toBe(201);
    const injected = await call(api.url, 'PUT', `${experiments}/slow-lists/status`, {
      ...created.body,
      status: { phase: 'Injected', injectedAt: new Date().toISOString() },
    });
    expect(injected.status).toBe(200);

    // Once the apiserver has seen the run, a list waits 2.5 s for the store: 504 after 1 s.
    const timedOut = await eventually(
      async () => {
        const started = Date.now();
        const res = await call(api.url, 'GET', '/api/v1/namespaces/slow/configmaps');
        return res.status === 504 ? { ...res, seconds: (Date.now() - started) / 1000 } : undefined;
      },
      15_000,
      'a list to time out',
    );
    expect(timedOut.seconds).toBeGreaterThanOrEqual(0.9);
    expect(timedOut.seconds).toBeLessThan(2.4);
    expect(timedOut.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Timeout: request did not complete within requested timeout - context deadline exceeded',
      reason: 'Timeout',
      code: 504,
    });

    // The handler answers 1.5 s later, to nobody: the server is unharmed and serves on.
    await new Promise((r) => setTimeout(r, 2_000));
    const get = await call(api.url, 'GET', '/api/v1/namespaces/slow');
    expect(get.status).toBe(200);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);

    const metrics = await (await api.fetch('/metrics')).text();
    expect(metrics).toMatch(/^apiserver_request_total\{[^}]*verb="LIST"[^}]*code="504"[^}]*\} [1-9]/m);
    const audited = readFileSync(join(dir, 'audit.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEvent)
      .filter((e) => e.verb === 'list' && e.responseStatus?.code === 504);
    expect(audited.length).toBeGreaterThanOrEqual(1);
    expect(audited[0].responseStatus).toMatchObject({ reason: 'Timeout', code: 504 });
  }, 30_000);
});
