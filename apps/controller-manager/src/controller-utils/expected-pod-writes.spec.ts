import { ApiError, Pod } from '@orchestra/api';
import { ControllerExpectations } from './controller-expectations';
import { ExpectedPodWrites } from './expected-pod-writes';
import { PodControl, PodWriter } from './pod-control';
import { FakeClock } from './test/in-memory-cluster';
import { EventTarget } from './workload-api.port';

const key = 'default/web';
const owner: EventTarget = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' } };
const pod = (name: string): Pod =>
  ({ metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { containers: [] } }) as Pod;
const terminating = () =>
  new ApiError(403, 'Forbidden', 'namespace default is being terminated', {
    causes: [{ reason: 'NamespaceTerminating' }],
  });

/** Writes through a fake apiserver whose answers the test chooses call by call. */
function setup(api: Partial<PodWriter>) {
  const expectations = new ControllerExpectations(new FakeClock());
  const events = { normal: () => undefined, warning: () => undefined };
  const writer: PodWriter = { createPod: async (_ns, p) => p, deletePod: async () => undefined, ...api };
  return { expectations, writes: new ExpectedPodWrites(new PodControl(writer, events), expectations) };
}

describe(ExpectedPodWrites.name, () => {
  it('expects every create, and creates in slow-start batches 1, 2, 4, ...', async () => {
    const batches: number[] = [];
    let inFlight = 0;
    const { writes, expectations } = setup({
      createPod: async (_ns, p) => {
        if (inFlight++ === 0) batches.push(0);
        batches[batches.length - 1]++;
        await Promise.resolve();
        inFlight--;
        return p;
      },
    });
    await writes.createInBatches(key, owner, 'default', 10, (i) => pod(`web-${i}`));
    expect(batches).toEqual([1, 2, 4, 3]);
    expect(expectations.pending(key)).toEqual({ add: 10, del: 0 });
  });

  it('stops after the first failing batch and observes every pod it did not create', async () => {
    let n = 0;
    const { writes, expectations } = setup({
      createPod: async (_ns, p) => {
        if (++n > 4) throw new ApiError(403, 'Forbidden', 'exceeded quota');
        return p;
      },
    });
    await expect(writes.createInBatches(key, owner, 'default', 20, (i) => pod(`web-${i}`))).rejects.toThrow(
      'exceeded quota',
    );
    expect(n).toBe(7); // 1 + 2 + 4 attempted
    expect(expectations.pending(key)).toEqual({ add: 4, del: 0 }); // the 4 created are still awaited
  });

  it('takes a terminating namespace as no failure: nothing to retry', async () => {
    const { writes } = setup({ createPod: () => Promise.reject(terminating()) });
    await expect(writes.createInBatches(key, owner, 'default', 3, (i) => pod(`web-${i}`))).resolves.toBe(
      undefined,
    );
  });

  it('creates all at once with an initial batch as large as the count', async () => {
    let peak = 0;
    let inFlight = 0;
    const { writes } = setup({
      createPod: async (_ns, p) => {
        peak = Math.max(peak, ++inFlight);
        await Promise.resolve();
        inFlight--;
        return p;
      },
    });
    await writes.createInBatches(key, owner, 'default', 5, (i) => pod(`web-${i}`), 5);
    expect(peak).toBe(5);
  });

  it('deletes all at once; a pod already gone is no failure, any other failure rejects after all', async () => {
    const deleted: string[] = [];
    const { writes, expectations } = setup({
      deletePod: async (_ns, name) => {
        if (name === 'gone') throw new ApiError(404, 'NotFound', 'pods "gone" not found');
        if (name === 'stuck') throw new ApiError(503, 'ServiceUnavailable', 'try again');
        deleted.push(name);
      },
    });
    await expect(
      writes.deleteInParallel(key, owner, [pod('a'), pod('gone'), pod('stuck'), pod('b')]),
    ).rejects.toThrow('try again');
    expect(deleted).toEqual(['a', 'b']);
    // Only the two real deletions are still awaited from the informer.
    expect(expectations.pending(key)).toEqual({ add: 0, del: 2 });
    expectations.deletionObserved(key, 'default/a');
    expectations.deletionObserved(key, 'default/b');
    expect(expectations.satisfiedExpectations(key)).toBe(true);
  });

  it('expects the creates and the deletes of one sync together, neither overwriting the other', async () => {
    const { writes, expectations } = setup({});
    await writes.createAndDelete(key, owner, 'default', { count: 2, podFor: (i) => pod(`new-${i}`) }, [
      pod('old'),
    ]);
    expect(expectations.pending(key)).toEqual({ add: 2, del: 1 });
    expectations.creationObserved(key);
    expectations.deletionObserved(key, 'default/old');
    expect(expectations.satisfiedExpectations(key)).toBe(false); // one create still unseen
    expectations.creationObserved(key);
    expect(expectations.satisfiedExpectations(key)).toBe(true);
  });
});
