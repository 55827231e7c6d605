/**
 * Two schedulers against one apiserver: only the holder of the kube-scheduler Lease binds pods;
 * when it stops, it hands the Lease over and the other one takes over the pending pods.
 */
import type { Lease, Pod } from '@orchestra/api';
import { builtinResources, type ResourceDefinition } from '@orchestra/api';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { SCHEDULER_LEASE, SchedulerService } from '../src/scheduler.service';
import {
  eventually,
  metricValue,
  pod,
  podsDef,
  startTestScheduler,
  testClient,
  waitForBound,
  type TestScheduler,
} from './scheduler-harness';

process.env.LOG_LEVEL ??= 'error';

const leasesDef = builtinResources.find((d) => d.kind === 'Lease') as ResourceDefinition;
const fastElection = {
  LEADER_ELECT: 'true',
  LEASE_DURATION_MS: '3000',
  RENEW_DEADLINE_MS: '2000',
  RETRY_PERIOD_MS: '500',
};

describe(`${SchedulerService.name} with leader election`, () => {
  let api: TestApiserver;
  let schedulers: TestScheduler[] = [];

  beforeAll(async () => {
    api = await startTestApiserver('sched-le');
    await StandinKubelet.createNodes(testClient(api), [{ name: 'node-1' }, { name: 'node-2' }]);
    schedulers = [await startTestScheduler(api, fastElection), await startTestScheduler(api, fastElection)];
  });

  afterAll(async () => {
    for (const s of schedulers) await s.close();
    await api.close();
  });

  const scheduledBy = async (s: TestScheduler): Promise<number> => {
    const body = await (await fetch(`${s.url}/metrics`)).text();
    return metricValue(body, 'scheduler_schedule_attempts_total', { result: 'scheduled' }) ?? 0;
  };
  const leaseHolder = async (): Promise<string | undefined> => {
    const leases = testClient(api).resource<Lease>(leasesDef);
    const lease = await leases.get(SCHEDULER_LEASE, 'kube-system').catch(() => undefined);
    return lease?.spec?.holderIdentity || undefined;
  };
  const identityOf = (s: TestScheduler) => s.service.elector!.identity;

  it('binds pods only from the instance that holds the Lease', async () => {
    const client = testClient(api);
    const holder = await eventually(leaseHolder, 10_000, 'a lease holder');
    const leader = schedulers.find((s) => identityOf(s) === holder)!;
    const follower = schedulers.find((s) => s !== leader)!;
    expect(leader).toBeDefined();

    for (let i = 0; i < 10; i++)
      await client.resource<Pod>(podsDef).create(pod(`first-${i}`, { labels: { batch: 'first' } }));
    await waitForBound(client, 'batch=first', 10);
    expect(await scheduledBy(leader)).toBe(10);
    expect(await scheduledBy(follower)).toBe(0);
    const body = await (await fetch(`${follower.url}/metrics`)).text();
    expect(metricValue(body, 'leader_election_master_status', { name: SCHEDULER_LEASE })).toBe(0);
  });

  it('hands over: when the leader stops, the other instance takes the Lease and schedules', async () => {
    const client = testClient(api);
    const holder = await leaseHolder();
    const leader = schedulers.find((s) => identityOf(s) === holder)!;
    const follower = schedulers.find((s) => s !== leader)!;
    await leader.close();
    schedulers = schedulers.filter((s) => s !== leader);

    await eventually(
      async () => (await leaseHolder()) === identityOf(follower),
      10_000,
      'the follower to lead',
    );
    for (let i = 0; i < 5; i++)
      await client.resource<Pod>(podsDef).create(pod(`second-${i}`, { labels: { batch: 'second' } }));
    await waitForBound(client, 'batch=second', 5);
    expect(await scheduledBy(follower)).toBe(5);
  });
});
