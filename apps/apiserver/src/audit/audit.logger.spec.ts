import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { ApiError } from '@orchestra/api';
import type { Request, Response } from 'express';
import { Registry } from 'prom-client';
import type { AuditLevel } from '../apiserver.config';
import { setRequestIdentity } from '../gatekeeper/request-identity';
import { sendError, sendJson } from '../http/api-response';
import { readObjectBody } from '../http/request-body';
import { StreamAuditBackend } from './audit-backend';
import { AuditEvent } from './audit-event';
import { AuditLogger, AuditRecord } from './audit.logger';

const alice = { username: 'alice', uid: 'u-1', groups: ['devs', 'system:authenticated'] };
const admin = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };

describe(AuditLogger.name, () => {
  let server: Server;
  let base: string;
  let lines: string[];
  let registry: Registry;
  let audit: AuditLogger;
  let onRecord: (record: AuditRecord, req: Request) => void;
  let handler: (req: Request, res: Response) => Promise<void> | void;

  async function start(level: AuditLevel): Promise<void> {
    lines = [];
    registry = new Registry();
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    let t = Date.parse('2026-11-24T13:00:00.000Z');
    audit = new AuditLogger({
      level,
      backend: new StreamAuditBackend(out),
      registry,
      clock: () => (t += 1.5),
    });
    onRecord = () => undefined;
    server = createServer((req, res) => {
      const expressRes = Object.assign(res, {
        status(code: number) {
          res.statusCode = code;
          return expressRes;
        },
      }) as unknown as Response;
      const expressReq = Object.assign(req, { originalUrl: req.url }) as unknown as Request;
      const record = audit.track(expressReq, expressRes);
      onRecord(record, expressReq);
      Promise.resolve(handler(expressReq, expressRes)).catch((error) => sendError(expressRes, error));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  async function events(count: number): Promise<AuditEvent[]> {
    for (let i = 0; i < 200 && lines.length < count; i++) await new Promise((r) => setTimeout(r, 5));
    return lines.map((line) => JSON.parse(line) as AuditEvent);
  }

  it('writes one Metadata event per request at ResponseComplete, with the Audit-ID header, user and decision', async () => {
    await start('Metadata');
    onRecord = (record, req) => {
      setRequestIdentity(req, { user: alice });
      record.authorized('allow', 'RBAC: allowed by RoleBinding "devs/a"');
    };
    handler = (_req, res) => sendJson(res, 200, { kind: 'Pod', metadata: { name: 'web' } });
    const res = await fetch(`${base}/api/v1/namespaces/a/pods/web`, {
      headers: { 'user-agent': 'kubectl/v1.32.0', 'x-forwarded-for': '10.1.2.3' },
    });
    expect(res.status).toBe(200);
    const [event] = await events(1);
    expect(res.headers.get('audit-id')).toBe(event.auditID);
    expect(event.auditID).toMatch(/^[0-9a-f-]{36}$/);
    expect(event).toEqual({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: event.auditID,
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/a/pods/web',
      verb: 'get',
      user: { username: 'alice', uid: 'u-1', groups: ['devs', 'system:authenticated'] },
      sourceIPs: ['10.1.2.3', '127.0.0.1'],
      userAgent: 'kubectl/v1.32.0',
      objectRef: { resource: 'pods', namespace: 'a', name: 'web', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: '2026-11-24T13:00:00.001500Z',
      stageTimestamp: '2026-11-24T13:00:00.003000Z',
      annotations: {
        'authorization.k8s.io/decision': 'allow',
        'authorization.k8s.io/reason': 'RBAC: allowed by RoleBinding "devs/a"',
      },
    });
    // Exactly one line per request, and the metrics count it.
    expect(lines).toHaveLength(1);
    expect((await registry.getSingleMetric('apiserver_audit_event_total')!.get()).values[0].value).toBe(1);
  });

  it('keeps the client’s own Audit-ID; a create’s name comes from its body; errors carry their Status', async () => {
    await start('Metadata');
    handler = async (req) => {
      await readObjectBody(req);
      throw ApiError.forbidden('pods is forbidden: User "alice" cannot create resource "pods"');
    };
    const res = await fetch(`${base}/api/v1/namespaces/a/pods`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'audit-id': 'my-id-1' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('audit-id')).toBe('my-id-1');
    const [event] = await events(1);
    expect(event.auditID).toBe('my-id-1');
    expect(event.verb).toBe('create');
    expect(event.objectRef).toEqual({ resource: 'pods', namespace: 'a', name: 'web', apiVersion: 'v1' });
    expect(event.responseStatus).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'pods is forbidden: User "alice" cannot create resource "pods"',
      reason: 'Forbidden',
      code: 403,
    });
    expect(event.requestObject).toBeUndefined();
    expect(event.responseObject).toBeUndefined();
  });

  it('at Request level adds the request object as the client sent it (not as the handler changed it)', async () => {
    await start('Request');
    handler = async (req, res) => {
      const body = await readObjectBody(req);
      (body.spec as Record<string, unknown>).replicas = 1; // defaulting, in place
      sendJson(res, 201, body);
    };
    await fetch(`${base}/apis/apps/v1/namespaces/a/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {}\n',
    });
    const [event] = await events(1);
    expect(event.level).toBe('Request');
    expect(event.requestObject).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {},
    });
    expect(event.responseObject).toBeUndefined();
  });

  it('records chaos at RequestResponse whatever AUDIT_LEVEL says, response object included; impersonation shown', async () => {
    await start('None');
    onRecord = (_record, req) => setRequestIdentity(req, { user: alice, impersonatedBy: admin });
    handler = (_req, res) =>
      sendJson(res, 201, {
        apiVersion: 'chaos.orchestra.dev/v1alpha1',
        kind: 'ChaosExperiment',
        metadata: { name: 'pod-kill-x7k2p', namespace: 'demo', uid: 'c-1', resourceVersion: '42' },
      });
    await fetch(`${base}/chaos/v1/pod-kill?namespace=demo&mode=one`, { method: 'POST' });
    await fetch(`${base}/api/v1/pods`);
    const all = await events(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toHaveLength(1); // the pod list is not audited at None
    const [event] = all;
    expect(event.level).toBe('RequestResponse');
    expect(event.verb).toBe('create');
    expect(event.user).toEqual({ username: 'admin', groups: ['system:masters', 'system:authenticated'] });
    expect(event.impersonatedUser).toEqual({
      username: 'alice',
      uid: 'u-1',
      groups: ['devs', 'system:authenticated'],
    });
    expect(event.objectRef).toEqual({
      resource: 'chaosexperiments',
      namespace: 'demo',
      name: 'pod-kill-x7k2p',
      uid: 'c-1',
      resourceVersion: '42',
      apiGroup: 'chaos.orchestra.dev',
      apiVersion: 'v1alpha1',
    });
    expect(event.responseObject).toMatchObject({
      kind: 'ChaosExperiment',
      metadata: { name: 'pod-kill-x7k2p' },
    });
    expect(event.responseStatus).toEqual({ metadata: {}, code: 201 });
  });

  it('writes nothing for the probes and /metrics, but still answers an Audit-ID', async () => {
    await start('RequestResponse');
    handler = (_req, res) => sendJson(res, 200, {});
    const res = await fetch(`${base}/readyz`);
    await fetch(`${base}/metrics`);
    await new Promise((r) => setTimeout(r, 50));
    expect(res.headers.get('audit-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([]);
  });

  it('writes a watch once, when its stream ends, without its response', async () => {
    await start('RequestResponse');
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED","object":{}}\n');
      setTimeout(() => res.end(), 20);
    };
    await (await fetch(`${base}/apis/chaos.orchestra.dev/v1alpha1/chaosexperiments?watch=true`)).text();
    const [event] = await events(1);
    expect(event.verb).toBe('watch');
    expect(event.stage).toBe('ResponseComplete');
    expect(event.responseObject).toBeUndefined();
  });

  it('counts a line that cannot be written in apiserver_audit_error_total', async () => {
    const registry = new Registry();
    const broken = new AuditLogger({
      level: 'Metadata',
      backend: { write: (_line, failed) => failed(new Error('disk full')), close: async () => undefined },
      registry,
    });
    const req = { method: 'GET', url: '/api/v1/pods', headers: {}, socket: {} } as never;
    const res = { statusCode: 200, getHeader: () => undefined } as never;
    broken.finish(broken.begin(req), res);
    const errors = (await registry.getSingleMetric('apiserver_audit_error_total')!.get()).values;
    expect(errors).toEqual([{ labels: { plugin: 'log' }, value: 1 }]);
  });
});

describe('audit events too large for a line', () => {
  function logger(maxEventBytes: number) {
    const lines: string[] = [];
    const registry = new Registry();
    const audit = new AuditLogger({
      level: 'RequestResponse',
      backend: { write: (line) => void lines.push(line), close: async () => undefined },
      registry,
      maxEventBytes,
    });
    return { audit, lines, registry };
  }
  const req = { method: 'GET', url: '/api/v1/pods', headers: {}, socket: {} } as never;

  it('lose their objects first, annotated audit.k8s.io/truncated, as Kubernetes truncates', () => {
    const { audit, lines } = logger(1_000);
    const record = audit.begin(req);
    record.capture = { object: () => ({ kind: 'PodList', items: ['x'.repeat(2_000)] }) };
    audit.finish(record, { statusCode: 200 } as never);
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThanOrEqual(1_000);
    const event = JSON.parse(lines[0]) as AuditEvent;
    expect(event.responseObject).toBeUndefined();
    expect(event.annotations).toEqual({ 'audit.k8s.io/truncated': 'true' });
  });

  it('are counted as errors when even that is too large', async () => {
    const { audit, lines, registry } = logger(100);
    audit.finish(audit.begin(req), { statusCode: 200 } as never);
    expect(lines).toEqual([]);
    const errors = (await registry.getSingleMetric('apiserver_audit_error_total')!.get()).values;
    expect(errors[0].value).toBe(1);
  });
});
