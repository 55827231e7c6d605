import { NodePool, type PoolInstance } from './node-pool';

const instance = (id: string, nodeName: string): PoolInstance => ({
  id,
  nodeName,
  zone: 'zone-a',
  instanceType: 'orchestra-standard-2',
  capacity: { cpu: '2', memory: '4Gi', pods: '110' },
});

const logger = { info: () => undefined, warn: () => undefined, debug: () => undefined } as never;

describe(NodePool.name, () => {
  let listed: PoolInstance[] | Error;
  let calls: string[];
  const pool = () =>
    new NodePool({
      cloudUrl: 'http://cloud',
      nodeNames: ['pool-node-1', 'pool-node-2'],
      pollMs: 1_000,
      logger,
      fetch: (() =>
        listed instanceof Error
          ? Promise.reject(listed)
          : Promise.resolve(new Response(JSON.stringify({ items: listed })))) as typeof fetch,
      host: {
        boot: (i) => void calls.push(`boot ${i.nodeName} ${i.id}`),
        stop: (name) => {
          calls.push(`stop ${name}`);
          return Promise.resolve();
        },
      },
    });
  beforeEach(() => {
    calls = [];
  });

  it('boots a node per new instance and stops the node of one that is gone', async () => {
    const p = pool();
    listed = [instance('i-1', 'pool-node-1')];
    await p.poll();
    await p.poll();
    listed = [instance('i-1', 'pool-node-1'), instance('i-2', 'pool-node-2')];
    await p.poll();
    listed = [instance('i-2', 'pool-node-2')];
    await p.poll();
    expect(calls).toEqual(['boot pool-node-1 i-1', 'boot pool-node-2 i-2', 'stop pool-node-1']);
  });

  it('reboots a node whose slot a new instance took', async () => {
    const p = pool();
    listed = [instance('i-1', 'pool-node-1')];
    await p.poll();
    listed = [instance('i-9', 'pool-node-1')];
    await p.poll();
    expect(calls).toEqual(['boot pool-node-1 i-1', 'stop pool-node-1', 'boot pool-node-1 i-9']);
  });

  it('boots no node it has no token for, and keeps its nodes while the cloud does not answer', async () => {
    const p = pool();
    listed = [instance('i-1', 'pool-node-1'), instance('i-3', 'pool-node-3')];
    await p.poll();
    listed = new Error('connection refused');
    await p.poll();
    expect(calls).toEqual(['boot pool-node-1 i-1']);
  });
});
