import { ContainerBackoff } from './container-backoff';

describe(ContainerBackoff.name, () => {
  it('doubles from 10 s to 5 min, scaled by the time-scale', () => {
    const now = 0;
    const backoff = new ContainerBackoff(10, () => now);
    const delays = Array.from({ length: 7 }, () => backoff.next('uid/app', now));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('says how long is left after a failure, and nothing once it has passed', () => {
    let now = 1_000;
    const backoff = new ContainerBackoff(1, () => now);
    backoff.next('k', 1_000);
    expect(backoff.remaining('k', 1_000)).toBe(10_000);
    now = 11_000;
    expect(backoff.remaining('k', 1_000)).toBe(0);
    expect(backoff.remaining('other', 1_000)).toBe(0);
  });

  it('starts again from 10 s after ten minutes without a failure (a container that ran that long)', () => {
    let now = 0;
    const backoff = new ContainerBackoff(1, () => now);
    for (let i = 0; i < 5; i++) backoff.next('k', now);
    now = 601_000;
    expect(backoff.remaining('k', now)).toBe(0);
    expect(backoff.next('k', now)).toBe(10_000);
  });
});
