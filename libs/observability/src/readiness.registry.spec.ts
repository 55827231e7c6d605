import { READINESS_CHECK_TIMEOUT_MS, ReadinessRegistry } from './readiness.registry';

describe(ReadinessRegistry.name, () => {
  it('passes built-in ping and shutdown checks, then each registered check', async () => {
    const registry = new ReadinessRegistry();
    registry.register('redis', async () => 'PONG');
    registry.register('informers-synced', () => false);
    registry.register('queue', () => Promise.reject(new Error('connection refused')));

    expect(await registry.run()).toEqual([
      { name: 'ping', ok: true },
      { name: 'shutdown', ok: true },
      { name: 'redis', ok: true },
      { name: 'informers-synced', ok: false, reason: 'check returned false' },
      { name: 'queue', ok: false, reason: 'connection refused' },
    ]);
    const check = jest.fn(() => false);
    registry.register('skipped', check);
    const results = await registry.run(['queue', 'informers-synced', 'skipped']);
    expect(results.map((result) => [result.name, result.ok])).toEqual([
      ['ping', true],
      ['shutdown', true],
      ['redis', true],
    ]);
    expect(check).not.toHaveBeenCalled();
  });

  it('fails a check that hangs past the timeout', async () => {
    jest.useFakeTimers();
    try {
      const registry = new ReadinessRegistry();
      registry.register('redis', () => new Promise(() => undefined));
      const running = registry.run();
      await jest.advanceTimersByTimeAsync(READINESS_CHECK_TIMEOUT_MS);
      expect((await running)[2]).toEqual({ name: 'redis', ok: false, reason: 'timed out after 1000 ms' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('turns unready once the application starts shutting down', async () => {
    const registry = new ReadinessRegistry();
    registry.beforeApplicationShutdown();
    expect((await registry.run())[1]).toEqual({
      name: 'shutdown',
      ok: false,
      reason: 'process is shutting down',
    });
  });

  it('rejects duplicate and malformed names', () => {
    const registry = new ReadinessRegistry();
    registry.register('redis', () => true);
    expect(() => registry.register('redis', () => true)).toThrow('already registered');
    expect(() => registry.register('ping', () => true)).toThrow('already registered');
    expect(() => registry.register('Informers Synced', () => true)).toThrow('not kebab-case');
  });
});
