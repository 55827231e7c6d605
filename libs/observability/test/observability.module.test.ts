import { Inject, Injectable, Module, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Counter, type Registry } from 'prom-client';
import { METRICS_REGISTRY, ObservabilityModule, ReadinessRegistry } from '@orchestra/observability';

/** A feature provider the way apps will write them: its own metric and readiness check. */
@Injectable()
class FakeInformers implements OnModuleInit {
  synced = false;
  readonly events: Counter;
  constructor(
    private readonly readiness: ReadinessRegistry,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.events = new Counter({
      name: 'fake_informer_events_total',
      help: 'Events seen.',
      registers: [registry],
    });
  }
  onModuleInit(): void {
    this.readiness.register('informers-synced', () => this.synced);
  }
}

@Module({ providers: [FakeInformers] })
class FeatureModule {}

@Module({ imports: [ObservabilityModule.forRoot({ component: 'kube-test' }), FeatureModule] })
class TestAppModule {}

describe(ObservabilityModule.name, () => {
  let app: INestApplication;
  let baseUrl: string;
  const logLevel = process.env.LOG_LEVEL;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'error'; // the 503 below logs a warning on purpose
    app = await NestFactory.create(TestAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
    process.env.LOG_LEVEL = logLevel;
  });

  it.each(['/healthz', '/livez'])('answers %s with ok as text/plain', async (path) => {
    const res = await fetch(baseUrl + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('ok');
  });

  it('lists checks on /healthz?verbose as Kubernetes does', async () => {
    const res = await fetch(`${baseUrl}/healthz?verbose`);
    expect(await res.text()).toBe('[+]ping ok\nhealthz check passed\n');
  });

  it('answers /readyz with 503 and the failed check until it passes', async () => {
    const failing = await fetch(`${baseUrl}/readyz`);
    expect(failing.status).toBe(503);
    expect(await failing.text()).toBe(
      '[+]ping ok\n[+]shutdown ok\n[-]informers-synced failed: reason withheld\nreadyz check failed\n',
    );

    const excluded = await fetch(`${baseUrl}/readyz?exclude=informers-synced`);
    expect([excluded.status, await excluded.text()]).toEqual([200, 'ok']);

    app.get(FakeInformers).synced = true;
    const ready = await fetch(`${baseUrl}/readyz?verbose`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe(
      '[+]ping ok\n[+]shutdown ok\n[+]informers-synced ok\nreadyz check passed\n',
    );
  });

  it('serves the registry on /metrics in Prometheus text format with the component label', async () => {
    app.get(FakeInformers).events.inc();
    const res = await fetch(`${baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await res.text();
    expect(body).toMatch(/^process_cpu_user_seconds_total\{component="kube-test"\} [\d.e-]+$/m);
    expect(body).toMatch(/^nodejs_heap_size_used_bytes\{component="kube-test"\} \d+$/m);
    expect(body).toContain('fake_informer_events_total{component="kube-test"} 1');
  });
});
