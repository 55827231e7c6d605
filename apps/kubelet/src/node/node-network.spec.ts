import { isConnectionRefused } from '@orchestra/client';
import { NodeNetwork } from './node-network';

describe(NodeNetwork.name, () => {
  it('fails every request at once while partitioned, as an unreachable host does (no retry of writes)', async () => {
    const network = new NodeNetwork('node-1');
    expect(network.partitioned).toBe(false);
    network.partition();
    expect(network.partitioned).toBe(true);
    const error = await network.fetch('http://127.0.0.1:1/api/v1/nodes').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('EHOSTUNREACH');
    // Not "connection refused": the transport must not retry a write that may be lost in the void.
    expect(isConnectionRefused(error)).toBe(false);
    network.heal();
    expect(network.partitioned).toBe(false);
  });
});
