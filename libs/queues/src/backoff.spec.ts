import { backoffDelayMs } from './backoff';

describe(backoffDelayMs.name, () => {
  it('doubles from 5 ms like client-go, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n))).toEqual([5, 10, 20, 40]);
    expect(backoffDelayMs(14)).toBe(40_960);
    expect(backoffDelayMs(15)).toBe(60_000);
    expect(backoffDelayMs(10_000)).toBe(60_000);
    expect(backoffDelayMs(3, { baseMs: 100, maxMs: 250 })).toBe(250);
  });
});
