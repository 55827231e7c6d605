import { PeriodicResync } from './resync';

describe(PeriodicResync.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('re-enqueues every listed key each jittered period, and keeps going after an error', async () => {
    const added: string[][] = [];
    let fail = true;
    const errors: unknown[] = [];
    const resync = new PeriodicResync(
      { addMany: async (items) => void added.push(items.map((item) => item.key)) },
      {
        listKeys: () => {
          if (fail) {
            fail = false;
            throw new Error('cache not ready');
          }
          return ['a/x', 'a/y'];
        },
        periodMs: 1000,
        jitter: 0.5,
        random: () => 1,
        onError: (error) => errors.push(error),
      },
    );
    resync.start();
    await jest.advanceTimersByTimeAsync(1499);
    expect(errors).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1); // 1000 ms + 50 % jitter
    expect(errors).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1500);
    expect(added).toEqual([['a/x', 'a/y']]);
    resync.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(added).toHaveLength(1);
  });
});
