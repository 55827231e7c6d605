import { EventCache } from './event-cache';

describe(EventCache.name, () => {
  const seen = (name: string, lastSeenMs: number) => ({ name, namespace: 'default', count: 1, lastSeenMs });

  it('forgets an event once the window has passed', () => {
    const cache = new EventCache(1000);
    cache.set('k', seen('a', 0));
    expect(cache.get('k', 1000)?.name).toBe('a');
    expect(cache.get('k', 1001)).toBeUndefined();
  });

  it('drops the least recently written entry beyond its size', () => {
    const cache = new EventCache(1000, 2);
    cache.set('a', seen('a', 0));
    cache.set('b', seen('b', 0));
    cache.set('a', seen('a', 1)); // a is now the most recent
    cache.set('c', seen('c', 1));
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)?.name).toBe('a');
    expect(cache.get('c', 1)?.name).toBe('c');
  });
});
