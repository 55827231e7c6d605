/**
 * The scheduler against a real apiserver and Redis: pods get bound by the plugins' rules, and a
 * pod no node fits stays Pending with Kubernetes' condition, message and event.
 */
import type { Pod } from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { Scheduler } from '../src/scheduler';
import {
  eventsFor,
  eventually,
  nodeCounts,
  pod,
  podsDef,
  startTestScheduler,
  testClient,
  waitForBound,
  type TestScheduler,
} from './scheduler-harness';

process.env.LOG_LEVEL ??= 'error';

/** Kubernetes' words when no node has victims (equal priorities), with its double period. */
const noVictims = 'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..';
/** ...and when every node was rejected for a reason preemption cannot change (taints, selectors). */
const notHelpful = 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..';

describe(Scheduler.name, () => {
  let api: TestApiserver;
  let scheduler: TestScheduler;
  let client: ApiClient;

  const create = (p: Pod) => client.resource<Pod>(podsDef).create(p);
  const get = (name: string) => client.resource<Pod>(podsDef).get(name, 'default');

  /** Waits for the pod's PodScheduled=False condition, then checks it stays unbound. */
  const waitUnschedulable = (name: string) =>
    eventually(
      async () => {
        const p = await get(name);
        const c = p.status?.conditions?.find((x) => x.type === 'PodScheduled');
        return c?.status === 'False' && { pod: p, condition: c };
      },
      15_000,
      `${name} to be marked unschedulable`,
    );

  describe('on three untainted nodes in zones a, b and c', () => {
    beforeAll(async () => {
      api = await startTestApiserver('sched');
      client = testClient(api);
      await StandinKubelet.createNodes(client, [
        { name: 'node-a', zone: 'a', cpu: '4' },
        { name: 'node-b', zone: 'b', cpu: '4' },
        { name: 'node-c', zone: 'c', cpu: '4' },
      ]);
      scheduler = await startTestScheduler(api);
    });

    afterAll(async () => {
      await scheduler.close();
      await api.close();
    });

    it('binds pods across the three nodes and records a Scheduled event', async () => {
      for (let i = 0; i < 9; i++) await create(pod(`web-${i}`, { labels: { app: 'web' } }));
      const pods = await waitForBound(client, 'app=web', 9);
      expect(Object.keys(nodeCounts(pods)).sort()).toEqual(['node-a', 'node-b', 'node-c']);
      const bound = await get('web-0');
      expect(bound.status?.conditions).toContainEqual(
        expect.objectContaining({ type: 'PodScheduled', status: 'True' }),
      );
      const events = await eventually(async () => {
        const list = await eventsFor(client, 'web-0');
        return list.some((e) => e.reason === 'Scheduled') && list;
      });
      expect(events.find((e) => e.reason === 'Scheduled')).toMatchObject({
        type: 'Normal',
        message: `Successfully assigned default/web-0 to ${bound.spec.nodeName}`,
        source: { component: 'default-scheduler' },
      });
    });

    it('follows nodeSelector', async () => {
      const spec = { nodeSelector: { 'topology.kubernetes.io/zone': 'b' } };
      for (let i = 0; i < 3; i++) await create(pod(`picky-${i}`, { labels: { app: 'picky' }, spec }));
      const pods = await waitForBound(client, 'app=picky', 3);
      expect(nodeCounts(pods)).toEqual({ 'node-b': 3 });
    });

    it('spreads pods evenly over zones with a topology spread constraint', async () => {
      const labels = { app: 'spread' };
      const spec = {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'DoNotSchedule' as const,
            labelSelector: { matchLabels: labels },
          },
        ],
      };
      for (let i = 0; i < 6; i++) await create(pod(`spread-${i}`, { labels, spec }));
      const pods = await waitForBound(client, 'app=spread', 6);
      expect(nodeCounts(pods)).toEqual({ 'node-a': 2, 'node-b': 2, 'node-c': 2 });
    });

    it('keeps required anti-affinity: one per node, the extra pod Pending with the reason', async () => {
      const labels = { app: 'anti' };
      const spec = {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      };
      for (let i = 0; i < 4; i++) await create(pod(`anti-${i}`, { labels, spec }));
      const bound = await waitForBound(client, 'app=anti', 3);
      expect(Object.values(nodeCounts(bound))).toEqual([1, 1, 1]);
      const pending = bound.find((p) => !p.spec.nodeName)!;
      const message = `0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. ${noVictims}`;
      const { pod: stuck, condition } = await waitUnschedulable(pending.metadata.name!);
      expect(stuck.spec.nodeName).toBeUndefined();
      expect(stuck.status?.phase).toBe('Pending');
      expect(condition).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
      const events = await eventually(async () => {
        const list = await eventsFor(client, pending.metadata.name!);
        return list.some((e) => e.reason === 'FailedScheduling') && list;
      });
      expect(events.find((e) => e.reason === 'FailedScheduling')).toMatchObject({ type: 'Warning', message });
    });

    it('leaves a pod that fits nowhere Pending (Insufficient cpu), then binds it to a node added later', async () => {
      await create(pod('big', { cpu: '6' }));
      const { condition } = await waitUnschedulable('big');
      expect(condition).toMatchObject({
        reason: 'Unschedulable',
        message: `0/3 nodes are available: 3 Insufficient cpu. ${noVictims}`,
      });
      await StandinKubelet.createNodes(client, [{ name: 'node-big', zone: 'a', cpu: '8' }]);
      const bound = await eventually(async () => (await get('big')).spec.nodeName, 15_000, 'big to be bound');
      expect(bound).toBe('node-big');
    });
  });

  describe('with taints', () => {
    beforeAll(async () => {
      api = await startTestApiserver('sched-taints');
      client = testClient(api);
      const taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const }];
      await StandinKubelet.createNodes(client, [
        { name: 'gpu-1', taints },
        { name: 'gpu-2', taints },
        { name: 'plain' },
      ]);
      scheduler = await startTestScheduler(api);
    });

    afterAll(async () => {
      await scheduler.close();
      await api.close();
    });

    it('keeps pods without a toleration off tainted nodes', async () => {
      for (let i = 0; i < 4; i++) await create(pod(`plain-${i}`, { labels: { app: 'plain' } }));
      const pods = await waitForBound(client, 'app=plain', 4);
      expect(nodeCounts(pods)).toEqual({ plain: 4 });
    });

    it('lets a pod that tolerates the taint onto a tainted node', async () => {
      const spec = {
        nodeSelector: { 'kubernetes.io/hostname': 'gpu-1' },
        tolerations: [
          { key: 'dedicated', operator: 'Equal' as const, value: 'gpu', effect: 'NoSchedule' as const },
        ],
      };
      await create(pod('trainer', { labels: { app: 'trainer' }, spec }));
      const pods = await waitForBound(client, 'app=trainer', 1);
      expect(nodeCounts(pods)).toEqual({ 'gpu-1': 1 });
    });

    it('says which taint kept an intolerant pod away', async () => {
      const spec = { nodeSelector: { 'kubernetes.io/hostname': 'gpu-2' } };
      await create(pod('lost', { spec }));
      const { condition } = await waitUnschedulable('lost');
      expect(condition.message).toBe(
        "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) had untolerated taint {dedicated: gpu}. " +
          notHelpful,
      );
    });
  });
});
