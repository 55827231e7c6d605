import { EndpointAddress, EndpointSubset } from '@orchestra/api';
import { repackSubsets, subsetsEqualIgnoringResourceVersion } from './endpoint-subsets';

const addr = (ip: string, resourceVersion = '1'): EndpointAddress => ({
  ip,
  targetRef: { kind: 'Pod', namespace: 'default', name: `pod-${ip}`, uid: `uid-${ip}`, resourceVersion },
});
const http = { name: 'http', port: 8080, protocol: 'TCP' as const };
const https = { name: 'https', port: 8443, protocol: 'TCP' as const };

describe(repackSubsets.name, () => {
  it('merges one-address subsets into one subset per set of addresses, with sorted ports and addresses', () => {
    const input: EndpointSubset[] = [
      { addresses: [addr('10.0.0.2')], ports: [https] },
      { addresses: [addr('10.0.0.1')], ports: [http] },
      { addresses: [addr('10.0.0.2')], ports: [http] },
      { addresses: [addr('10.0.0.1')], ports: [https] },
      { notReadyAddresses: [addr('10.0.0.3')], ports: [http] },
      { notReadyAddresses: [addr('10.0.0.3')], ports: [https] },
    ];
    expect(repackSubsets(input)).toEqual([
      {
        addresses: [addr('10.0.0.1'), addr('10.0.0.2')],
        notReadyAddresses: [addr('10.0.0.3')],
        ports: [http, https],
      },
    ]);
  });

  it('keeps addresses offering different ports in different subsets, in a stable order', () => {
    const input: EndpointSubset[] = [
      { addresses: [addr('10.0.0.2')], ports: [https] },
      { addresses: [addr('10.0.0.1')], ports: [http] },
      { addresses: [addr('10.0.0.2')], ports: [http] },
    ];
    const expected = [
      { addresses: [addr('10.0.0.1'), addr('10.0.0.2')], ports: [http] },
      { addresses: [addr('10.0.0.2')], ports: [https] },
    ];
    expect(repackSubsets(input)).toEqual(expected);
    expect(repackSubsets([...input].reverse())).toEqual(expected);
    expect(repackSubsets(repackSubsets(input))).toEqual(expected);
  });

  it('counts an address ready for a port in one subset and not ready in another as ready', () => {
    const input: EndpointSubset[] = [
      { notReadyAddresses: [addr('10.0.0.1')], ports: [http] },
      { addresses: [addr('10.0.0.1')], ports: [http] },
    ];
    expect(repackSubsets(input)).toEqual([{ addresses: [addr('10.0.0.1')], ports: [http] }]);
  });

  it('keeps the same IP on two pods as two addresses', () => {
    const other = { ...addr('10.0.0.1'), targetRef: { ...addr('10.0.0.1').targetRef, uid: 'uid-z' } };
    const [subset] = repackSubsets([{ addresses: [other, addr('10.0.0.1')], ports: [http] }]);
    expect(subset.addresses?.map((a) => a.targetRef?.uid)).toEqual(['uid-10.0.0.1', 'uid-z']);
  });
});

describe(subsetsEqualIgnoringResourceVersion.name, () => {
  it('ignores target resourceVersions, field order and missing vs empty lists, but not readiness', () => {
    const a: EndpointSubset[] = [
      { addresses: [addr('10.0.0.1', '5')], notReadyAddresses: [], ports: [http] },
    ];
    const reordered = { targetRef: addr('10.0.0.1', '9').targetRef, ip: '10.0.0.1' };
    expect(subsetsEqualIgnoringResourceVersion(a, [{ ports: [http], addresses: [reordered] }])).toBe(true);
    expect(
      subsetsEqualIgnoringResourceVersion(a, [{ notReadyAddresses: [addr('10.0.0.1')], ports: [http] }]),
    ).toBe(false);
    expect(subsetsEqualIgnoringResourceVersion([], undefined)).toBe(true);
  });
});
