import { heartbeatIntervals, nodeIdentities, readKubeletConfig } from './kubelet.config';

describe(readKubeletConfig.name, () => {
  it('names NODES nodes <prefix>-<index>, zones round robin, indexes after the offset', () => {
    const config = readKubeletConfig({ NODES: '4', NODE_NAME_PREFIX: 'sim', NODE_INDEX_OFFSET: '10' });
    expect(nodeIdentities(config)).toEqual([
      { name: 'sim-11', index: 11, zone: 'zone-b' },
      { name: 'sim-12', index: 12, zone: 'zone-c' },
      { name: 'sim-13', index: 13, zone: 'zone-a' },
      { name: 'sim-14', index: 14, zone: 'zone-b' },
    ]);
  });

  it('keeps NODE_NAME for one named node, its index taken from the name', () => {
    expect(nodeIdentities(readKubeletConfig({ NODE_NAME: 'node-2', ZONES: 'east' }))).toEqual([
      { name: 'node-2', index: 2, zone: 'east' },
    ]);
    expect(() => readKubeletConfig({ NODE_NAME: 'node-2', NODES: '2' })).toThrow(/NODE_NAME/);
    expect(() => readKubeletConfig({ NODES: '10', NODE_INDEX_OFFSET: '1020' })).toThrow(/exceeds 1023/);
  });

  it('has Kubernetes heartbeats by default and faster ones in the playground profile', () => {
    expect(heartbeatIntervals(readKubeletConfig({}))).toEqual({ leaseRenewMs: 10_000, statusMs: 60_000 });
    expect(heartbeatIntervals(readKubeletConfig({ PROFILE: 'playground' }))).toEqual({
      leaseRenewMs: 2_000,
      statusMs: 10_000,
    });
  });
});
