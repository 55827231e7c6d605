import { validateNode, validateNodeUpdate } from './node.validation';

describe(validateNode.name, () => {
  it('checks taints and pod CIDRs', () => {
    const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const errs = validateNode({
      spec: {
        taints: [taint, taint, { key: '', effect: 'Sometimes' }],
        podCIDR: '10.244.0.0/33',
        podCIDRs: ['fd00::/64', 'x'],
      },
    });
    expect(errs.map((e) => e.field)).toEqual([
      'spec.taints[1]',
      'spec.taints[2].key',
      'spec.taints[2].effect',
      'spec.podCIDR',
      'spec.podCIDRs[1]',
    ]);
    expect(errs[0].detail).toBe('taints must be unique by key and effect pair');
    expect(
      validateNode({ spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00::/64'] } }),
    ).toEqual([]);
  });
});

describe(validateNodeUpdate.name, () => {
  it('lets podCIDR be set once', () => {
    expect(validateNodeUpdate({ spec: { podCIDR: '10.0.0.0/24' } }, { spec: {} })).toEqual([]);
    expect(
      validateNodeUpdate({ spec: { podCIDR: '10.0.1.0/24' } }, { spec: { podCIDR: '10.0.0.0/24' } }),
    ).toHaveLength(1);
  });
});
