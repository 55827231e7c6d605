/**
 * The gatekeeper's limits and audit log on a real apiserver (in process, real Redis): a flood of
 * three times the max-in-flight limits for 30 s gets 429s with Retry-After and never a 5xx, and the server
 * answers normally afterwards; one user's flood of chaos calls gets 429 while another user still
 * gets through; every chaos call is in the audit log at RequestResponse level with its user.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { eventually } from '../../../tools/testing/eventually';
import type { AuditEvent } from '../src/audit/audit-event';

const readLimit = 4;
const mutatingLimit = 2;
const chaosPerMinute = 3;
const experiments = '/apis/chaos.orchestra.dev/v1alpha1/namespaces/demo/chaosexperiments';
const experiment = (generateName: string) => ({
  apiVersion: 'chaos.orchestra.dev/v1alpha1',
  kind: 'ChaosExperiment',
  metadata: { generateName },
  spec: { action: 'pod-kill', selector: { labelSelector: 'app=web' }, mode: 'one', dryRun: true },
});

describe('gatekeeper limits and audit', () => {
  let api: TestApiserver;
  let dir: string;
  let auditLog: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatekeeper-limits-'));
    auditLog = join(dir, 'audit.log');
    api = await startTestApiserver('gatekeeper-limits', {
      MAX_REQUESTS_INFLIGHT: String(readLimit),
      MAX_MUTATING_REQUESTS_INFLIGHT: String(mutatingLimit),
      CHAOS_REQUESTS_PER_USER_PER_MINUTE: String(chaosPerMinute),
      AUDIT_LOG_PATH: auditLog,
      AUDIT_LEVEL: 'Metadata',
    });
    await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'flood' } });
    await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'flood-writes' } });
    await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'demo' } });
    for (let i = 0; i < 20; i++)
      await call(api.url, 'POST', '/api/v1/namespaces/flood/configmaps', {
        metadata: { name: `cm-${i}` },
        data: { payload: 'x'.repeat(2_000) },
      });
  });

  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auditEvents = (): AuditEvent[] =>
    readFileSync(auditLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEvent);

  it('answers a flood of three times the in-flight limits with 429 + Retry-After, never a 5xx, and recovers', async () => {
    const statuses = new Map<number, number>();
    const refusals: { retryAfter: string | null; body: { reason?: string; message?: string } }[] = [];
    // The overload case: three times the limits, for 30 s.
    const end = Date.now() + 30_000;
    let n = 0;
    const client = async (method: string, path: string, body?: () => unknown) => {
      while (Date.now() < end) {
        const res = await call(api.url, method, path, body?.());
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 429) refusals.push({ retryAfter: res.headers.get('retry-after'), body: res.body });
      }
    };
    await Promise.all([
      ...Array.from({ length: 3 * readLimit }, () => client('GET', '/api/v1/namespaces/flood/configmaps')),
      ...Array.from({ length: 3 * mutatingLimit }, () =>
        // Written to a namespace of their own, so the readers' lists stay the same size throughout.
        client('POST', '/api/v1/namespaces/flood-writes/configmaps', () => ({
          metadata: { name: `new-${++n}` },
        })),
      ),
    ]);
    const summary = Object.fromEntries(statuses);
    expect([...statuses.keys()].filter((code) => code >= 500)).toEqual([]);
    expect(summary[429]).toBeGreaterThan(0);
    expect(summary[200]).toBeGreaterThan(0);
    expect(summary[201]).toBeGreaterThan(0);
    expect([...statuses.keys()].sort()).toEqual([200, 201, 429]);
    for (const refusal of refusals) {
      expect(refusal.retryAfter).toBe('1');
      expect(refusal.body).toMatchObject({
        kind: 'Status',
        reason: 'TooManyRequests',
        message: 'Too many requests, please try again later.',
        code: 429,
        details: { retryAfterSeconds: 1 },
      });
    }
    // Afterwards: every slot is free again, the probes and a list answer at once.
    const probe = await fetch(`${api.url}/readyz`);
    expect(probe.status).toBe(200);
    const lists = await Promise.all(
      Array.from({ length: readLimit }, () => call(api.url, 'GET', '/api/v1/namespaces/flood/configmaps')),
    );
    expect(lists.map((l) => l.status)).toEqual(Array(readLimit).fill(200));
    // The 429s are counted as Kubernetes counts them.
    const metrics = await (await api.fetch('/metrics')).text();
    const sample = (name: string, kind: string) =>
      Number(new RegExp(`^${name}\\{[^}]*request_kind="${kind}"[^}]*\\} (\\d+)`, 'm').exec(metrics)?.[1]);
    const dropped =
      sample('apiserver_dropped_requests_total', 'readOnly') +
      sample('apiserver_dropped_requests_total', 'mutating');
    expect(dropped).toBe(summary[429]);
    // Both limits were reached, each counted apart.
    expect(sample('apiserver_dropped_requests_total', 'readOnly')).toBeGreaterThan(0);
    expect(sample('apiserver_dropped_requests_total', 'mutating')).toBeGreaterThan(0);
    expect(metrics).toMatch(/^apiserver_request_total\{[^}]*code="429"[^}]*\} \d+/m);
    // The list this reads /metrics with is the only read in flight.
    expect(sample('apiserver_current_inflight_requests', 'readOnly')).toBe(1);
    expect(sample('apiserver_current_inflight_requests', 'mutating')).toBe(0);
  }, 90_000);

  it('limits chaos per user: one user’s flood gets 429 with Retry-After, another user still gets through; all audited', async () => {
    const alice = api.credentials.addUser('alice', ['system:masters']);
    const bob = api.credentials.addUser('bob', ['system:masters']);
    const chaos = (token: string) =>
      call(
        api.url,
        'POST',
        '/chaos/v1/pod-kill?namespace=demo&labelSelector=app=web&mode=one&dryRun=true',
        undefined,
        {
          authorization: `Bearer ${token}`,
        },
      );
    // The token file is read again when it changes: wait until both are known.
    for (const token of [alice, bob]) {
      await eventually(
        async () =>
          (
            await call(api.url, 'GET', '/api/v1/namespaces/demo/configmaps', undefined, {
              authorization: `Bearer ${token}`,
            })
          ).status === 200,
        10_000,
        'the new users authenticate',
      );
    }
    const calls: { user: string; status: number; auditId: string }[] = [];
    for (let i = 0; i < chaosPerMinute + 3; i++) {
      const res = await chaos(alice);
      calls.push({ user: 'alice', status: res.status, auditId: res.headers.get('audit-id') ?? '' });
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
        expect(res.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429 });
        expect(res.body.message).toContain('user "alice"');
        expect(res.body.message).toContain(`${chaosPerMinute} per minute`);
      }
    }
    expect(calls.map((c) => c.status)).toEqual([201, 201, 201, 429, 429, 429]);
    // Creating a ChaosExperiment through the API is a chaos injection too.
    const viaApi = await call(api.url, 'POST', experiments, experiment('alice-'), {
      authorization: `Bearer ${alice}`,
    });
    expect(viaApi.status).toBe(429);
    const other = await chaos(bob);
    expect(other.status).toBe(201);
    calls.push({ user: 'bob', status: 201, auditId: other.headers.get('audit-id') ?? '' });

    // Counted in the apiserver's Redis, under its key prefix.
    const keys = await api.redis.client.keys(`${api.redis.prefix}/chaos-rate-limit:*`);
    expect(keys.sort()).toEqual([
      `${api.redis.prefix}/chaos-rate-limit:alice`,
      `${api.redis.prefix}/chaos-rate-limit:bob`,
    ]);

    // Every chaos call is in the audit log, in full, with its user.
    const chaosEvents = await eventually(
      async () => {
        const events = auditEvents().filter((e) => e.requestURI.startsWith('/chaos/v1/'));
        return events.length >= calls.length ? events : undefined;
      },
      5_000,
      'the chaos calls in the audit log',
    );
    for (const event of chaosEvents) {
      expect(event).toMatchObject({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        stage: 'ResponseComplete',
        verb: 'create',
        objectRef: { resource: 'chaosexperiments', namespace: 'demo', apiGroup: 'chaos.orchestra.dev' },
      });
      expect(['alice', 'bob']).toContain(event.user.username);
    }
    for (const c of calls.filter((c) => c.auditId)) {
      const event = chaosEvents.find((e) => e.auditID === c.auditId);
      expect(event).toMatchObject({ user: { username: c.user }, responseStatus: { code: c.status } });
      if (c.status === 201) expect(event?.responseObject).toMatchObject({ kind: 'ChaosExperiment' });
      else expect(event?.responseStatus).toMatchObject({ reason: 'TooManyRequests' });
    }
    // A ChaosExperiment created through the API: its body and answer in full. Refused before its
    // body was read (alice's 429), it has none, as in Kubernetes.
    const accepted = await call(api.url, 'POST', experiments, experiment('bob-'), {
      authorization: `Bearer ${bob}`,
    });
    expect(accepted.status).toBe(201);
    const apiCreates = await eventually(
      async () => {
        const events = auditEvents().filter((e) => e.requestURI === experiments && e.verb === 'create');
        return events.length === 2 ? events : undefined;
      },
      5_000,
      'the API creates in the audit log',
    );
    expect(apiCreates.find((e) => e.user.username === 'alice')).toMatchObject({
      level: 'RequestResponse',
      responseStatus: { code: 429, reason: 'TooManyRequests' },
    });
    expect(apiCreates.find((e) => e.user.username === 'bob')).toMatchObject({
      level: 'RequestResponse',
      objectRef: { resource: 'chaosexperiments', namespace: 'demo', name: accepted.body.metadata.name },
      requestObject: { kind: 'ChaosExperiment', metadata: { generateName: 'bob-' } },
      responseObject: { kind: 'ChaosExperiment', metadata: { name: accepted.body.metadata.name } },
      responseStatus: { code: 201 },
    });
    // Other requests at AUDIT_LEVEL (Metadata): no bodies.
    const list = auditEvents().find((e) => e.verb === 'list' && e.objectRef?.resource === 'configmaps');
    expect(list).toMatchObject({ level: 'Metadata', user: { username: 'orchestra-admin' } });
    expect(list?.responseObject).toBeUndefined();
  });
});
