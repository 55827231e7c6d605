import { defaultNode } from './node.defaults';

describe(defaultNode.name, () => {
  it('copies capacity to allocatable when absent', () => {
    const node = { status: { capacity: { cpu: '4', pods: '110' } } };
    defaultNode(node);
    expect(node.status).toEqual({
      capacity: { cpu: '4', pods: '110' },
      allocatable: { cpu: '4', pods: '110' },
    });
    const reported = { status: { capacity: { cpu: '4' }, allocatable: { cpu: '3500m' } } };
    defaultNode(reported);
    expect(reported.status.allocatable).toEqual({ cpu: '3500m' });
  });
});
