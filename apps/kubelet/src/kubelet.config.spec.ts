import { heartbeatIntervals, nodeIdentities, poolNodeNames, readKubeletConfig } from './kubelet.config';

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

  it('names the pool nodes of node-pool mode, and runs only those with NODES=0', () => {
    const config = readKubeletConfig({
      CLOUD_PROVIDER_URL: 'http://127.0.0.1:10258',
      NODE_POOL_SIZE: '3',
      NODES: '0',
    });
    expect(poolNodeNames(config)).toEqual(['pool-node-1', 'pool-node-2', 'pool-node-3']);
    expect(nodeIdentities(config)).toEqual([]);
    expect(poolNodeNames(readKubeletConfig({ NODE_POOL_SIZE: '3' }))).toEqual([]);
    expect(() => readKubeletConfig({ NODES: '0' })).toThrow(/NODES: 0 nodes/);
    expect(() => readKubeletConfig({ CLOUD_PROVIDER_URL: 'http://127.0.0.1:10258' })).toThrow(
      /NODE_POOL_SIZE/,
    );
  });
});
