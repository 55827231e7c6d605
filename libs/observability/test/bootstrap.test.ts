import { Module, type INestApplication } from '@nestjs/common';
import { bootstrapComponent, ObservabilityModule, SHUTDOWN_SIGNALS } from '@orchestra/observability';

@Module({ imports: [ObservabilityModule.forRoot({ component: 'kube-test' })] })
class TestAppModule {}

describe(bootstrapComponent.name, () => {
  const signalListeners = SHUTDOWN_SIGNALS.map((signal) => process.listeners(signal));
  let lines: Record<string, unknown>[];
  let write: jest.SpyInstance;

  beforeEach(() => {
    lines = [];
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      return true;
    });
  });

  afterEach(() => {
    write.mockRestore();
    // bootstrap arms process-wide signal handlers; this test process must not keep them.
    SHUTDOWN_SIGNALS.forEach((signal, i) => {
      for (const listener of process.listeners(signal)) {
        if (!signalListeners[i].includes(listener)) process.removeListener(signal, listener);
      }
    });
  });

  it('serves the app, logs Nest boot and the URL as JSON lines, and closes', async () => {
    const app: INestApplication = await bootstrapComponent({
      module: TestAppModule,
      component: 'kube-test',
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const url = await app.getUrl();
      expect(await (await fetch(`${url}/healthz`)).text()).toBe('ok');
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'info', component: 'kube-test', context: 'RoutesResolver' }),
      );
      expect(lines.at(-1)).toEqual({
        time: expect.any(String),
        level: 'info',
        component: 'kube-test',
        message: `kube-test listening on ${url}`,
        url,
      });
      expect(process.listenerCount('SIGTERM')).toBeGreaterThan(signalListeners[0].length);
    } finally {
      await app.close();
    }
  });

  it('logs a start-up failure and exits with status 1', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    const first = await bootstrapComponent({
      module: TestAppModule,
      component: 'kube-test',
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const port = Number(new URL(await first.getUrl()).port);
      const second = bootstrapComponent({
        module: TestAppModule,
        component: 'kube-test',
        port,
        host: '127.0.0.1',
      });
      await expect(second).rejects.toThrow('exit 1');
      expect(lines.at(-1)).toMatchObject({
        level: 'error',
        message: 'kube-test failed to start',
        error: {
          code: 'EADDRINUSE',
          message: expect.stringContaining('EADDRINUSE'),
          stack: expect.any(String),
        },
      });
    } finally {
      exit.mockRestore();
      await first.close();
    }
  });
});
