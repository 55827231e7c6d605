import { searchCandidates } from './pod-resolver';

describe(searchCandidates.name, () => {
  const conf = { searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], ndots: 5 };

  it('tries the search domains first for a name with fewer dots than ndots, then the name itself', () => {
    expect(searchCandidates('backend', conf)).toEqual([
      'backend.shop.svc.cluster.local',
      'backend.svc.cluster.local',
      'backend.cluster.local',
      'backend',
    ]);
    // ndots:5 also sends a full Service name through the search list first, as in a real pod.
    expect(searchCandidates('backend.shop.svc.cluster.local', conf)[0]).toBe(
      'backend.shop.svc.cluster.local.shop.svc.cluster.local',
    );
  });

  it('tries a name with at least ndots dots as is first', () => {
    expect(searchCandidates('a.b.c.d.e.f', conf)[0]).toBe('a.b.c.d.e.f');
    expect(searchCandidates('example.com', { ...conf, ndots: 1 })[0]).toBe('example.com');
  });

  it('takes a name with a trailing dot as absolute: no search', () => {
    expect(searchCandidates('backend.shop.svc.cluster.local.', conf)).toEqual([
      'backend.shop.svc.cluster.local',
    ]);
  });
});
