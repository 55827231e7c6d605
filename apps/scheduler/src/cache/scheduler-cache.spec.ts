import { FakeClock } from '../framework/clock';
import { PodInfo } from '../framework/pod-info';
import { bound, makeNode, makePod } from '../framework/test/scheduler.fixtures';
import { SchedulerCache } from './scheduler-cache';
import { Snapshot } from './snapshot';

describe(SchedulerCache.name, () => {
  const setup = () => {
    const clock = new FakeClock(0);
    const cache = new SchedulerCache({ clock, assumedPodTtlMs: 30_000 });
    cache.addNode(makeNode('a', { cpu: '2' }));
    return { clock, cache };
  };

  it('reserves an assumed pod’s requests at once, and releases them on forget', () => {
    const { cache } = setup();
    const pod = new PodInfo(makePod('p', { cpu: '500m', memory: '1Gi' }));
    expect(cache.assume(pod, 'a').isSuccess()).toBe(true);
    expect(cache.nodeInfo('a')?.requested).toEqual({ milliCpu: 500, memory: 1 << 30, pods: 1 });
    expect(cache.assume(pod, 'a').isSuccess()).toBe(false);
    cache.forget(pod);
    expect(cache.nodeInfo('a')?.requested).toEqual({ milliCpu: 0, memory: 0, pods: 0 });
  });

  it('confirms an assumed pod when the informer reports it bound, without double counting', () => {
    const { cache, clock } = setup();
    const raw = makePod('p', { cpu: '500m' });
    const pod = new PodInfo(raw);
    cache.assume(pod, 'a');
    cache.finishBinding(pod);
    cache.addPod(bound(raw, 'a'));
    expect(cache.isAssumed(pod.uid)).toBe(false);
    expect(cache.nodeInfo('a')?.requested.milliCpu).toBe(500);
    clock.advance(60_000);
    expect(cache.cleanupAssumedPods()).toEqual([]);
    expect(cache.nodeInfo('a')?.requested.milliCpu).toBe(500);
  });

  it('expires an assumed pod whose binding never shows up, TTL after the binding finished', () => {
    const { cache, clock } = setup();
    const pod = new PodInfo(makePod('p', { cpu: '500m' }));
    cache.assume(pod, 'a');
    clock.advance(60_000);
    expect(cache.cleanupAssumedPods()).toEqual([]); // binding still in flight: never expires
    cache.finishBinding(pod);
    clock.advance(29_999);
    expect(cache.cleanupAssumedPods()).toEqual([]);
    clock.advance(1);
    expect(cache.cleanupAssumedPods().map((p) => p.name)).toEqual(['p']);
    expect(cache.nodeInfo('a')?.requested.milliCpu).toBe(0);
  });

  it('moves a confirmed pod when it was bound to another node than assumed', () => {
    const { cache } = setup();
    cache.addNode(makeNode('b'));
    const raw = makePod('p', { cpu: '1' });
    cache.assume(new PodInfo(raw), 'a');
    cache.addPod(bound(raw, 'b'));
    expect(cache.nodeInfo('a')?.requested.milliCpu).toBe(0);
    expect(cache.nodeInfo('b')?.requested.milliCpu).toBe(1000);
    cache.removePod(raw);
    expect(cache.nodeInfo('b')?.requested.milliCpu).toBe(0);
  });

  it('updates snapshots by copying only the nodes that changed, zones interleaved', () => {
    const cache = new SchedulerCache();
    const zone = (z: string) => ({ labels: { 'topology.kubernetes.io/zone': z } });
    ['a1', 'a2', 'b1', 'b2'].forEach((n) => cache.addNode(makeNode(n, zone(n[0]))));
    const snapshot = new Snapshot();
    cache.updateSnapshot(snapshot);
    expect(snapshot.list().map((n) => n.name)).toEqual(['a1', 'b1', 'a2', 'b2']);
    const before = snapshot.list().slice();
    cache.addPod(bound(makePod('p', { cpu: '1' }), 'b1'));
    cache.updateSnapshot(snapshot);
    const after = snapshot.list();
    expect(after.filter((n, i) => n !== before[i]).map((n) => n.name)).toEqual(['b1']);
    expect(before[1].requested.milliCpu).toBe(0); // the previous cycle's copy is untouched
    expect(after[1].requested.milliCpu).toBe(1000);
    cache.removeNode('a2');
    cache.updateSnapshot(snapshot);
    expect(snapshot.list().map((n) => n.name)).toEqual(['a1', 'b1', 'b2']);
    expect(cache.nodeCount()).toBe(3);
  });
});
