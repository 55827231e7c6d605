import { RateLimitedTimedQueue } from './rate-limited-timed-queue';

/** A clock the test moves by hand. */
class FakeClock {
  constructor(public ms = 1_000_000) {}
  now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

describe(RateLimitedTimedQueue.name, () => {
  const tainted: string[] = [];
  const taint = async ({ value }: { value: string }) => {
    tainted.push(value);
    return { done: true };
  };
  beforeEach(() => (tainted.length = 0));

  it('takes one node at once, then one per 1/rate seconds (Kubernetes: 0.1 nodes/s, one each 10 s)', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(0.1, clock);
    for (const node of ['node-1', 'node-2', 'node-3']) queue.add(node, `uid-${node}`);

    await queue.try(taint);
    expect(tainted).toEqual(['node-1']); // the burst of one

    clock.advance(9_999);
    await queue.try(taint);
    expect(tainted).toEqual(['node-1']);

    clock.advance(1);
    await queue.try(taint);
    expect(tainted).toEqual(['node-1', 'node-2']);

    clock.advance(10_000);
    await queue.try(taint);
    clock.advance(60_000);
    await queue.try(taint);
    expect(tainted).toEqual(['node-1', 'node-2', 'node-3']);
    expect(queue.pending()).toEqual([]);
  });

  it('does not save up tokens beyond the burst: a quiet minute still lets only one node through at once', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(0.1, clock);
    clock.advance(60_000);
    queue.add('node-1', 'a');
    queue.add('node-2', 'b');
    await queue.try(taint);
    expect(tainted).toEqual(['node-1']);
  });

  it('adds a node once until it is removed; a processed node stays known until removed', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(1, clock);
    expect(queue.add('node-1', 'a')).toBe(true);
    expect(queue.add('node-1', 'a')).toBe(false);
    await queue.try(taint);
    expect(queue.add('node-1', 'a')).toBe(false); // tainted already: not again
    expect(queue.remove('node-1')).toBe(true); // Ready again
    expect(queue.add('node-1', 'a')).toBe(true);
  });

  it('retries a node that is not done after the wait it asks for, in due order', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(1_000, clock);
    queue.add('node-1', 'a');
    let attempts = 0;
    await queue.try(async () => ({ done: ++attempts > 1, retryAfterMs: 50 }));
    expect(attempts).toBe(1);
    expect(queue.pending()).toEqual(['node-1']);
    clock.advance(20);
    await queue.try(async () => ({ done: ++attempts > 1, retryAfterMs: 50 }));
    expect(attempts).toBe(1); // not due yet
    clock.advance(40);
    await queue.try(async () => ({ done: ++attempts > 1, retryAfterMs: 50 }));
    expect(attempts).toBe(2);
    expect(queue.pending()).toEqual([]);
  });

  it('a rate of 0 stops every eviction; a new rate starts empty if the old limiter was', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(0.1, clock);
    queue.add('node-1', 'a');
    queue.add('node-2', 'b');
    queue.swapLimiter(0);
    clock.advance(3_600_000);
    await queue.try(taint);
    expect(tainted).toEqual([]);

    queue.swapLimiter(0.1); // the never-limiter has no token: the new one starts empty
    await queue.try(taint);
    expect(tainted).toEqual([]);
    clock.advance(10_000);
    await queue.try(taint);
    expect(tainted).toEqual(['node-1']);
  });

  it('the secondary rate (0.01/s) lets one node through every 100 s', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(0.1, clock);
    queue.add('node-1', 'a');
    await queue.try(taint); // the burst
    queue.swapLimiter(0.01);
    queue.add('node-2', 'b');
    clock.advance(99_000);
    await queue.try(taint);
    expect(tainted).toEqual(['node-1']);
    clock.advance(1_000);
    await queue.try(taint);
    expect(tainted).toEqual(['node-1', 'node-2']);
  });
});
