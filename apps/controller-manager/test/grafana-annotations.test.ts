/**
 * GrafanaAnnotations against a loopback stand-in for Grafana's annotations HTTP API: the requests
 * it sends (bodies, auth), the region a run's end closes, and that a Grafana that fails or is not
 * there only costs a warning and a counted error.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { ChaosAffectedObject, ChaosExperiment, CHAOS_REQUESTED_BY_ANNOTATION } from '@orchestra/api';
import { createLogger } from '@orchestra/observability';
import { Registry } from 'prom-client';
import { eventually } from '../../../tools/testing/eventually';
import { ChaosRunAnnotations } from '../src/chaos/chaos-run-annotations.port';
import { ChaosRunReporter } from '../src/chaos/chaos-run-reporter';
import { ChaosMetrics } from '../src/chaos/chaos.metrics';
import {
  GrafanaAnnotations,
  grafanaAnnotations,
  type GrafanaOptions,
} from '../src/chaos/grafana-annotations';

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: any;
}

/** Answers as Grafana does, or with `status` / never (`hang`) when told to. */
class FakeGrafana {
  readonly requests: Recorded[] = [];
  answer: 'ok' | 500 | 'hang' = 'ok';
  private nextId = 41;
  private readonly server: Server = createServer((req, res) => {
    void this.handle(req).then(({ status, body }) => {
      if (status === 0) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    this.requests.push({
      method: req.method!,
      url: req.url!,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: JSON.parse(raw),
    });
    if (this.answer === 'hang') return { status: 0 };
    if (this.answer === 500) return { status: 500, body: { message: 'database is locked' } };
    if (req.method === 'POST' && req.url === '/api/annotations')
      return { status: 200, body: { id: ++this.nextId, message: 'Annotation added' } };
    if (req.method === 'PATCH' && /^\/api\/annotations\/\d+$/.test(req.url!))
      return { status: 200, body: { message: 'Annotation patched' } };
    return { status: 404, body: { message: 'Not found' } };
  }
}

describe(GrafanaAnnotations.name, () => {
  let grafana: FakeGrafana;
  let url: string;
  let registry: Registry;
  let logLines: string[];

  beforeEach(async () => {
    grafana = new FakeGrafana();
    url = await grafana.listen();
    registry = new Registry();
    logLines = [];
  });
  afterEach(() => grafana.close());

  const options = (overrides: Partial<GrafanaOptions> = {}): GrafanaOptions => ({
    url,
    apiToken: '',
    user: 'admin',
    password: 'secret',
    ...overrides,
  });
  const sink = (overrides: Partial<GrafanaOptions> = {}, timeoutMs?: number) => {
    const stream = new PassThrough();
    stream.on('data', (line: Buffer) => logLines.push(line.toString()));
    const logger = createLogger({ component: 'test', level: 'warn', stream });
    return grafanaAnnotations(options(overrides), { logger, registry, timeoutMs })!;
  };
  const warnings = () => logLines.map((line) => JSON.parse(line)).filter((l) => l.level === 'warn');
  const errorsCounted = async () =>
    Object.fromEntries(
      (await registry.getSingleMetric('orchestra_chaos_grafana_annotation_errors_total')!.get()).values.map(
        (v) => [v.labels.operation, v.value],
      ),
    );
  const started = {
    experiment: 'demo/kill-web',
    run: 3,
    action: 'pod-kill',
    targets: ['demo/web-1', 'demo/web-2'],
    requester: 'alice',
    at: 1_700_000_000_000,
  };

  it('creates an annotation at the injection with the action, experiment and requester', async () => {
    await sink({ apiToken: 'glsa_token' }).runStarted(started);

    expect(grafana.requests).toEqual([
      {
        method: 'POST',
        url: '/api/annotations',
        authorization: 'Bearer glsa_token',
        contentType: 'application/json',
        body: {
          time: 1_700_000_000_000,
          tags: ['chaos', 'pod-kill', 'demo/kill-web'],
          text: 'pod-kill injected into demo/web-1, demo/web-2, requested by alice',
        },
      },
    ]);
    expect(warnings()).toEqual([]);
  });

  it('uses basic auth with the user and password when there is no token, under a sub-path too', async () => {
    await sink({ url: `${url}/grafana/`, user: 'chaos', password: 'p@ss:word' }).runStarted(started);

    expect(grafana.requests.map((r) => [r.url, r.authorization])).toEqual([
      ['/grafana/api/annotations', `Basic ${Buffer.from('chaos:p@ss:word').toString('base64')}`],
    ]);
  });

  it("closes the run's annotation into a region at its end: same id, timeEnd, outcome and result", async () => {
    const annotations = sink();
    await annotations.runStarted(started);
    await annotations.runStarted({ ...started, experiment: 'demo/other', run: 1 });
    await annotations.runEnded({
      experiment: 'demo/kill-web',
      run: 3,
      at: started.at + 4_500,
      result: 'passed',
      outcome: 'recovered in 1.5s',
    });
    await annotations.runEnded({
      experiment: 'demo/other',
      run: 1,
      at: started.at + 9_000,
      result: 'failed',
      outcome: 'failed: steady state not back 30s after the fault: demo/web 1/2 available',
    });

    const [first, second] = grafana.requests.filter((r) => r.method === 'POST');
    expect([first, second].map((r) => r.url)).toEqual(['/api/annotations', '/api/annotations']);
    const patches = grafana.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toEqual([
      expect.objectContaining({
        url: '/api/annotations/42',
        body: {
          timeEnd: started.at + 4_500,
          text: 'pod-kill injected into demo/web-1, demo/web-2, requested by alice; recovered in 1.5s',
          tags: ['chaos', 'pod-kill', 'demo/kill-web', 'passed'],
        },
      }),
      expect.objectContaining({
        url: '/api/annotations/43',
        body: {
          timeEnd: started.at + 9_000,
          text:
            'pod-kill injected into demo/web-1, demo/web-2, requested by alice; ' +
            'failed: steady state not back 30s after the fault: demo/web 1/2 available',
          tags: ['chaos', 'pod-kill', 'demo/other', 'failed'],
        },
      }),
    ]);
    expect(patches[0].body.timeEnd).toBeGreaterThanOrEqual(first.body.time);
    // Each run is closed once: a second end sends nothing.
    await annotations.runEnded({
      experiment: 'demo/kill-web',
      run: 3,
      at: started.at,
      result: 'passed',
      outcome: 'x',
    });
    expect(grafana.requests).toHaveLength(4);
  });

  it('never ends a region before it starts (a clock stepped back)', async () => {
    const annotations = sink();
    await annotations.runStarted(started);
    await annotations.runEnded({
      ...started,
      at: started.at - 50,
      result: 'abandoned',
      outcome: 'abandoned',
    });

    expect(grafana.requests[1].body.timeEnd).toBe(started.at);
  });

  it("waits for the start's answer before closing the region (a run that ends at once)", async () => {
    const annotations = sink();
    const starting = annotations.runStarted(started);
    const ending = annotations.runEnded({
      ...started,
      at: started.at + 1,
      result: 'passed',
      outcome: 'recovered in 0s',
    });
    await Promise.all([starting, ending]);

    expect(grafana.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/annotations',
      'PATCH /api/annotations/42',
    ]);
  });

  it('only warns and counts when Grafana answers 500, and then leaves that run alone', async () => {
    const annotations = sink();
    grafana.answer = 500;
    await expect(annotations.runStarted(started)).resolves.toBeUndefined();
    await expect(
      annotations.runEnded({ ...started, at: started.at + 1, result: 'passed', outcome: 'recovered in 0s' }),
    ).resolves.toBeUndefined();

    expect(grafana.requests.map((r) => r.method)).toEqual(['POST']);
    expect(warnings()).toEqual([
      expect.objectContaining({
        message: 'grafana annotation request failed; the chaos run goes on',
        operation: 'create',
        experiment: 'demo/kill-web',
        run: 3,
        error: expect.objectContaining({
          name: 'GrafanaRequestError',
          message: 'POST /api/annotations: 500 {"message":"database is locked"}',
        }),
      }),
    ]);
    expect(await errorsCounted()).toEqual({ create: 1, update: 0 });
  });

  it('counts a failed PATCH as an update error', async () => {
    const annotations = sink();
    await annotations.runStarted(started);
    grafana.answer = 500;
    await annotations.runEnded({ ...started, at: started.at + 1, result: 'failed', outcome: 'failed: x' });

    expect(grafana.requests.map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(warnings().map((w) => w.operation)).toEqual(['update']);
    expect(await errorsCounted()).toEqual({ create: 0, update: 1 });
  });

  it('only warns and counts when Grafana is not there, naming the reason but not the password', async () => {
    const gone = new FakeGrafana();
    const goneUrl = await gone.listen();
    await gone.close();
    await expect(sink({ url: goneUrl }).runStarted(started)).resolves.toBeUndefined();

    expect(warnings()).toHaveLength(1);
    expect(warnings()[0].error.message).toMatch(/^POST \/api\/annotations: .*ECONNREFUSED/);
    expect(logLines.join('')).not.toContain('secret');
    expect(await errorsCounted()).toEqual({ create: 1, update: 0 });
  });

  it('gives up on a Grafana that does not answer after the timeout', async () => {
    grafana.answer = 'hang';
    const before = Date.now();
    await expect(sink({}, 200).runStarted(started)).resolves.toBeUndefined();

    expect(Date.now() - before).toBeLessThan(2_000);
    expect(grafana.requests).toHaveLength(1);
    expect(warnings()[0].error.message).toMatch(/^POST \/api\/annotations: .*timeout/i);
    expect(await errorsCounted()).toEqual({ create: 1, update: 0 });
  });

  describe('from the chaos run reporter', () => {
    const experiment = (runs: number): ChaosExperiment => ({
      metadata: {
        namespace: 'demo',
        name: 'kill-web',
        annotations: { [CHAOS_REQUESTED_BY_ANNOTATION]: 'alice' },
      },
      spec: { action: 'pod-kill', selector: { labelSelector: 'app=web' }, mode: 'one', duration: '0s' },
      status: { runs },
    });
    const affected: ChaosAffectedObject[] = [
      { apiVersion: 'v1', kind: 'Pod', namespace: 'demo', name: 'web-1', uid: 'uid-web-1' },
    ];
    const reporter = (annotations: ChaosRunAnnotations | undefined, now: () => number) => {
      const events = { normal: () => undefined, warning: () => undefined };
      const logger = createLogger({ component: 'test', level: 'error' });
      return new ChaosRunReporter(events, logger, new ChaosMetrics(new Registry()), annotations, now);
    };

    it('annotates the injection and closes the region when the run recovers', async () => {
      let now = 1_700_000_000_000;
      const report = reporter(sink(), () => now);
      report.active(experiment(2));
      report.injected('demo/kill-web', experiment(1), 2, affected, [], 'injected pod-kill into demo/web-1');
      await eventually(() => grafana.requests.length === 1, 5_000, 'the POST');
      now += 3_000;
      report.recovered(
        'demo/kill-web',
        experiment(2),
        { recover: 1.2 },
        'steady state back 1.2s after the fault',
      );
      await eventually(() => grafana.requests.length === 2, 5_000, 'the PATCH');

      expect(grafana.requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
        {
          method: 'POST',
          url: '/api/annotations',
          body: {
            time: 1_700_000_000_000,
            tags: ['chaos', 'pod-kill', 'demo/kill-web'],
            text: 'pod-kill injected into demo/web-1, requested by alice',
          },
        },
        {
          method: 'PATCH',
          url: '/api/annotations/42',
          body: {
            timeEnd: 1_700_000_003_000,
            text: 'pod-kill injected into demo/web-1, requested by alice; recovered in 1.2s',
            tags: ['chaos', 'pod-kill', 'demo/kill-web', 'passed'],
          },
        },
      ]);
    });

    it('closes the region of a run whose experiment went away', async () => {
      const report = reporter(sink(), () => 1_700_000_000_000);
      report.injected('demo/kill-web', experiment(0), 1, affected, [], 'injected');
      await eventually(() => grafana.requests.length === 1, 5_000, 'the POST');
      report.abandoned(experiment(1));
      await eventually(() => grafana.requests.length === 2, 5_000, 'the PATCH');

      expect(grafana.requests[1].body).toEqual({
        timeEnd: 1_700_000_000_000,
        text: 'pod-kill injected into demo/web-1, requested by alice; abandoned: the experiment was deleted',
        tags: ['chaos', 'pod-kill', 'demo/kill-web', 'abandoned'],
      });
    });

    it('sends nothing without a URL (the default): no sink, no counter, no fetch', async () => {
      const fetchSpy = jest.spyOn(globalThis, 'fetch');
      try {
        const logger = createLogger({ component: 'test', level: 'error' });
        const none = grafanaAnnotations(options({ url: '' }), { logger, registry });
        expect(none).toBeUndefined();
        const report = reporter(none, Date.now);
        report.injected('demo/kill-web', experiment(0), 1, affected, [], 'injected');
        report.failed('demo/kill-web', experiment(1), undefined, 'steady state not back');
        await new Promise((resolve) => setImmediate(resolve));

        expect(fetchSpy).not.toHaveBeenCalled();
        expect(registry.getSingleMetric('orchestra_chaos_grafana_annotation_errors_total')).toBeUndefined();
        expect(grafana.requests).toEqual([]);
      } finally {
        fetchSpy.mockRestore();
      }
    });
  });
});
