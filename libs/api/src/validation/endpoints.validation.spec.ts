import { validateEndpoints } from './endpoints.validation';

describe(validateEndpoints.name, () => {
  it('accepts ready and not-ready addresses with ports', () => {
    const subsets = [
      {
        addresses: [{ ip: '10.0.0.1', nodeName: 'n1' }],
        notReadyAddresses: [{ ip: 'fd00::1' }],
        ports: [{ port: 80 }],
      },
    ];
    expect(validateEndpoints({ subsets })).toEqual([]);
  });

  it('checks addresses, ports and their names', () => {
    const errs = validateEndpoints({
      subsets: [{ addresses: [{ ip: '10.0.0.256' }], ports: [{ port: 80 }, { name: 'b', port: 70000 }] }, {}],
    });
    expect(errs.map((e) => e.field)).toEqual([
      'subsets[0].addresses[0].ip',
      'subsets[0].ports[0].name',
      'subsets[0].ports[1].port',
      'subsets[1]',
      'subsets[1].ports',
    ]);
  });
});
