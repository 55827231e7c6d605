import { KeyedLock } from './keyed-lock';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(KeyedLock.name, () => {
  it('runs the tasks of one key one after the other, in order, even when one fails', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let release!: () => void;
    const first = lock.run('a', async () => {
      log.push('first start');
      await new Promise<void>((resolve) => (release = resolve));
      log.push('first end');
      throw new Error('boom');
    });
    const second = lock.run('a', async () => {
      log.push('second');
      return 2;
    });
    await tick();
    expect(log).toEqual(['first start']);
    release();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe(2);
    expect(log).toEqual(['first start', 'first end', 'second']);
    await tick();
    expect(lock.size).toBe(0);
  });

  it('runs different keys in parallel', async () => {
    const lock = new KeyedLock();
    let release!: () => void;
    void lock.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(lock.run('b', async () => 'b')).resolves.toBe('b');
    release();
  });
});
