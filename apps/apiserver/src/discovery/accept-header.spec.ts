import { isJsonRange, matchesKind, parseAccept } from './accept-header';

describe('parseAccept', () => {
  it('splits ranges and parameters, ignoring spaces and parameter-name case', () => {
    const [first, second] = parseAccept(
      'application/json; G=apidiscovery.k8s.io ;v=v2;as=APIGroupDiscoveryList, */*;q=0.5',
    );
    expect(first).toEqual({
      type: 'application',
      subtype: 'json',
      params: { g: 'apidiscovery.k8s.io', v: 'v2', as: 'APIGroupDiscoveryList' },
      q: 1,
    });
    expect(second).toEqual({ type: '*', subtype: '*', params: {}, q: 0.5 });
  });

  it('returns nothing for an empty or missing header, and skips junk', () => {
    expect(parseAccept(undefined)).toEqual([]);
    expect(parseAccept('')).toEqual([]);
    expect(parseAccept('garbage, application/json')).toHaveLength(1);
  });

  it('treats q=0 as not acceptable', () => {
    const [range] = parseAccept('application/json;g=meta.k8s.io;v=v1;as=Table;q=0');
    expect(matchesKind(range!, 'meta.k8s.io', 'v1', 'Table')).toBe(false);
    expect(isJsonRange(range!)).toBe(false);
  });
});
