/**
 * Tracing in a real component process (the apiserver, from dist/): with an OTLP endpoint set it
 * exports spans over OTLP/HTTP to a receiver on loopback (server spans for API requests, Redis
 * spans in the same trace, none for /metrics or probes); with none set it exports nothing and
 * works as before. (trace_id/span_id in log lines: logger.spec.ts.)
 */
import { buildDist, type ComponentProcess, startComponent } from '../../../tools/testing/component-process';
import { attribute, type ExportedSpan, isRedis, OtlpReceiver } from '../../../tools/testing/otlp-receiver';
import { eventually } from '../../../tools/testing/eventually';
import { TestCredentials } from '../../../tools/testing/test-credentials';
import { createTestRedis, type TestRedis } from '../../../tools/testing/test-redis';

describe('tracing (OpenTelemetry, OTLP/HTTP)', () => {
  let redis: TestRedis;
  const receiver = new OtlpReceiver();
  let endpoint: string;
  const started: ComponentProcess[] = [];
  /** The apiserver's token file; the test's requests are the admin's. */
  const credentials = new TestCredentials();
  const asAdmin = { headers: { authorization: `Bearer ${credentials.adminToken}` } };

  beforeAll(async () => {
    await buildDist();
    redis = createTestRedis('tracing');
    endpoint = await receiver.start();
  }, 150_000);

  afterAll(async () => {
    for (const p of started) await p.stop();
    await receiver.stop();
    await redis.cleanup();
    credentials.cleanup();
  });

  const apiserver = async (env: Record<string, string>) => {
    const p = await startComponent({
      name: 'apiserver',
      script: 'apps/apiserver/src/main.js',
      portVariable: 'APISERVER_PORT',
      env: {
        REDIS_URL: redis.url,
        ORCHESTRA_KEY_PREFIX: redis.prefix,
        DISPATCHER_ENABLED: 'false',
        TOKEN_AUTH_FILE: credentials.tokenFile,
        SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
        AUDIT_LOG_PATH: credentials.auditLogFile,
        ...env,
      },
    });
    started.push(p);
    return p;
  };

  it('exports a server span per API request with its Redis calls under it, and skips scrapes and probes', async () => {
    const api = await apiserver({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' });
    await fetch(`${api.url}/metrics`, asAdmin);
    await fetch(`${api.url}/readyz`);
    const res = await fetch(`${api.url}/api/v1/namespaces/default`, asAdmin);
    expect(res.status).toBe(200);

    const isRequest = (s: ExportedSpan) =>
      s.kind === 2 &&
      String(attribute(s, 'http.target') ?? attribute(s, 'url.path')).startsWith(
        '/api/v1/namespaces/default',
      );
    await eventually(() => receiver.spans.some(isRequest), 10_000, 'the request span');
    const server = receiver.spans.find(isRequest)!;
    expect(server.service).toBe('kube-apiserver');
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    // The store's Redis commands for this request are in the same trace.
    await eventually(
      () => receiver.spans.some((s) => s.traceId === server.traceId && isRedis(s)),
      10_000,
      'a Redis span in the request trace',
    );
    const paths = receiver.spans
      .filter((s) => s.kind === 2)
      .map((s) => String(attribute(s, 'http.target') ?? attribute(s, 'url.path')));
    expect(paths.filter((p) => /^\/(metrics|readyz)/.test(p))).toEqual([]);
    await api.stop();
  }, 60_000);

  it('exports nothing and serves as before without an endpoint', async () => {
    const postsBefore = receiver.posts;
    const api = await apiserver({ OTEL_BSP_SCHEDULE_DELAY: '100' });
    const res = await fetch(`${api.url}/api/v1/namespaces/default`, asAdmin);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.posts).toBe(postsBefore);
    expect(api.output()).not.toContain('trace_id');
    await api.stop();
  }, 60_000);
});
