import { Backoff } from './backoff';

describe(Backoff.name, () => {
  it('doubles up to the cap, adds jitter, and starts over on reset', () => {
    const noJitter = new Backoff({ initialMs: 100, maxMs: 500, jitter: 0.5 }, () => 0);
    expect([1, 2, 3, 4, 5].map(() => noJitter.next())).toEqual([100, 200, 400, 500, 500]);
    noJitter.reset();
    expect(noJitter.next()).toBe(100);

    const fullJitter = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0.5 }, () => 1);
    expect(fullJitter.next()).toBe(150);
  });
});
