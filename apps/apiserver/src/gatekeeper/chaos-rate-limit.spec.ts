import { ApiError } from '@orchestra/api';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { ChaosRateLimiter, isChaosInjection } from './chaos-rate-limit';

const url = (path: string) => new URL(path, 'http://apiserver');

async function refusal(promise: Promise<void>): Promise<ApiError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error as ApiError;
  }
}

describe(ChaosRateLimiter.name, () => {
  const limiterOf = (perMinute: number) =>
    new ChaosRateLimiter(new RateLimiterMemory({ points: perMinute, duration: 60 }), perMinute);

  it('lets a user make the limit’s worth of chaos requests a minute, then answers 429 naming user and limit', async () => {
    const limiter = limiterOf(3);
    for (let i = 0; i < 3; i++) await limiter.consume('alice');
    const error = await refusal(limiter.consume('alice'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.code).toBe(429);
    expect(error?.reason).toBe('TooManyRequests');
    expect(error?.message).toMatch(
      /^user "alice" has made too many chaos requests: the limit is 3 per minute; try again in \d+ s$/,
    );
    const retryAfter = error?.details?.retryAfterSeconds ?? 0;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('counts each user apart', async () => {
    const limiter = limiterOf(1);
    await limiter.consume('alice');
    expect((await refusal(limiter.consume('alice')))?.code).toBe(429);
    await expect(limiter.consume('bob')).resolves.toBeUndefined();
  });

  it('passes a store failure on as it is (not a 429)', async () => {
    const broken = new ChaosRateLimiter(
      { consume: () => Promise.reject(new Error('Redis is gone')) } as never,
      1,
    );
    await expect(broken.consume('alice')).rejects.toThrow('Redis is gone');
  });
});

describe(isChaosInjection.name, () => {
  it('is POST /chaos/v1/<action> and creating a ChaosExperiment, nothing else', () => {
    expect(isChaosInjection('POST', url('/chaos/v1/pod-kill?namespace=demo'))).toBe(true);
    expect(
      isChaosInjection('POST', url('/apis/chaos.orchestra.dev/v1alpha1/namespaces/demo/chaosexperiments')),
    ).toBe(true);
    expect(isChaosInjection('GET', url('/chaos/v1'))).toBe(false);
    expect(isChaosInjection('POST', url('/chaos/v1'))).toBe(false);
    expect(
      isChaosInjection('GET', url('/apis/chaos.orchestra.dev/v1alpha1/namespaces/demo/chaosexperiments')),
    ).toBe(false);
    expect(
      isChaosInjection(
        'DELETE',
        url('/apis/chaos.orchestra.dev/v1alpha1/namespaces/demo/chaosexperiments/x'),
      ),
    ).toBe(false);
    expect(isChaosInjection('POST', url('/api/v1/namespaces/demo/pods'))).toBe(false);
  });
});
