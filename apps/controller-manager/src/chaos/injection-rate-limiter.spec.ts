import { InjectionRateLimiter } from './injection-rate-limiter';

describe(InjectionRateLimiter.name, () => {
  it('lets at most N injections start in any sliding minute', () => {
    let now = 0;
    const limiter = new InjectionRateLimiter(2, () => now);
    expect(limiter.tryAcquire()).toBe(0);
    now = 10_000;
    expect(limiter.tryAcquire()).toBe(0);
    now = 30_000;
    expect(limiter.tryAcquire()).toBe(30_000);
    now = 60_000;
    expect(limiter.tryAcquire()).toBe(0);
    expect(limiter.tryAcquire()).toBe(10_000);
  });
});
