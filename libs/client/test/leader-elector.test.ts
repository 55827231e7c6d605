/** Leader election between two candidates on one Lease of a real apiserver. */
import { builtinResources, Lease } from '@orchestra/api';
import { createLogger } from '@orchestra/observability';
import { Registry } from 'prom-client';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ApiClient } from '../src/api-client';
import type { ResourceClient } from '../src/resource-client';
import { Clock, sleep } from '../src/clock';
import { LeaderElector } from '../src/leader-elector';
import { eventually } from './support/eventually';

const logger = createLogger({ component: 'election-test', level: 'error' });
const leases = builtinResources.find((d) => d.kind === 'Lease')!;

/** Real time, but a paused clock never wakes its sleepers: a SIGSTOPped process. */
class PausableClock implements Clock {
  paused = false;
  now = () => Date.now();
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    await sleep(ms, signal);
    while (this.paused && !signal?.aborted) await sleep(10, signal);
  }
}

describe(LeaderElector.name, () => {
  let api: TestApiserver;
  let client: ApiClient;
  const electors: LeaderElector[] = [];

  beforeAll(async () => {
    api = await startTestApiserver('election');
    client = new ApiClient({ baseUrl: api.url, userAgent: 'election-test', token: api.token });
  });
  afterEach(async () => {
    await Promise.all(electors.splice(0).map((e) => e.stop()));
  });
  afterAll(() => api.close());

  const candidate = (
    name: string,
    clock = new PausableClock(),
    timings = { leaseDurationMs: 1000, renewDeadlineMs: 600 },
  ) => {
    const registry = new Registry();
    const log: string[] = [];
    const elector = new LeaderElector({
      client,
      name,
      ...timings,
      retryPeriodMs: 100,
      clock,
      registry,
      logger,
      onStartedLeading: () => log.push('started'),
      onStoppedLeading: () => log.push('stopped'),
    });
    electors.push(elector);
    const gauge = async () =>
      (await registry.getSingleMetric('leader_election_master_status')!.get()).values.find(
        (v) => v.labels.name === name,
      )?.value;
    return { elector, clock, log, gauge };
  };

  const lease = (name: string) => client.resource<Lease>(leases).get(name, 'kube-system');

  it('lets exactly one of two candidates lead, and hands over after leaseDuration when the leader is paused', async () => {
    const a = candidate('pause-test');
    const b = candidate('pause-test');
    a.elector.start();
    b.elector.start();
    await eventually(() => expect([a, b].filter((c) => c.elector.isLeader())).toHaveLength(1));
    await sleep(400); // several renewals later, still one leader
    const [leader, follower] = a.elector.isLeader() ? [a, b] : [b, a];
    expect(follower.elector.isLeader()).toBe(false);
    expect((await lease('pause-test')).spec).toMatchObject({
      holderIdentity: leader.elector.identity,
      leaseDurationSeconds: 1,
      leaseTransitions: 0,
    });
    expect(await leader.gauge()).toBe(1);
    expect(await follower.gauge()).toBe(0);

    leader.clock.paused = true;
    const pausedAt = Date.now();
    await eventually(() => expect(follower.elector.isLeader()).toBe(true), 5000);
    // The follower waited for the lease to expire: at least leaseDuration minus one renewal.
    expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(800);
    expect(leader.elector.isLeader()).toBe(false); // past renewDeadline, even while paused

    leader.clock.paused = false;
    await eventually(() => expect(leader.log).toEqual(['started', 'stopped']));
    await sleep(300);
    expect(leader.elector.isLeader()).toBe(false);
    expect(follower.elector.isLeader()).toBe(true);
    expect(await leader.gauge()).toBe(0);
    expect(await follower.gauge()).toBe(1);
    expect((await lease('pause-test')).spec).toMatchObject({
      holderIdentity: follower.elector.identity,
      leaseTransitions: 1,
    });
  });

  it('hands the lease over at once when the leader releases it', async () => {
    // A long lease, so "at once" (a few retry periods) and "after expiry" cannot be confused
    // even on a loaded machine.
    const timings = { leaseDurationMs: 6000, renewDeadlineMs: 4000 };
    const a = candidate('release-test', new PausableClock(), timings);
    a.elector.start();
    await eventually(() => expect(a.elector.isLeader()).toBe(true));
    const b = candidate('release-test', new PausableClock(), timings);
    b.elector.start();
    await sleep(200);
    expect(b.elector.isLeader()).toBe(false);
    expect(await a.gauge()).toBe(1);
    expect(await b.gauge()).toBe(0); // the loser reports 0, not nothing

    const released = Date.now();
    await a.elector.stop();
    expect(a.log).toEqual(['started', 'stopped']);
    expect(await a.gauge()).toBe(0);
    await eventually(() => expect(b.elector.isLeader()).toBe(true));
    expect(await b.gauge()).toBe(1);
    // Well under the 6 s lease duration: it did not wait for expiry.
    expect(Date.now() - released).toBeLessThan(3000);
    expect((await lease('release-test')).spec?.holderIdentity).toBe(b.elector.identity);
  });

  it('still releases the lease when its own last renewal lands between the release read and write', async () => {
    const timings = { leaseDurationMs: 6000, renewDeadlineMs: 4000 };
    const a = candidate('late-renewal-test', new PausableClock(), timings);
    a.elector.start();
    await eventually(() => expect(a.elector.isLeader()).toBe(true));
    // Just before the release's write, a renewal of a's commits (as one that stop() aborted on the
    // client side still can at the apiserver): the release's write is a 409.
    const leaseClient = client.resource<Lease>(leases);
    let lateRenewals = 0;
    const instrumented = Object.create(leaseClient, {
      update: {
        value: async (lease: Lease) => {
          if (lease.spec?.holderIdentity === '' && lateRenewals === 0) {
            lateRenewals++;
            const current = await leaseClient.get('late-renewal-test', 'kube-system');
            const renewTime = new Date().toISOString().replace('Z', '000Z');
            await leaseClient.update({ ...current, spec: { ...current.spec, renewTime } });
          }
          return leaseClient.update(lease);
        },
      },
    }) as ResourceClient<Lease>;
    (a.elector as unknown as { leases: ResourceClient<Lease> }).leases = instrumented;
    const b = candidate('late-renewal-test', new PausableClock(), timings);
    b.elector.start();
    await sleep(200);
    expect(b.elector.isLeader()).toBe(false);

    const released = Date.now();
    await a.elector.stop();
    expect(lateRenewals).toBe(1);
    expect((await lease('late-renewal-test')).spec?.holderIdentity).not.toBe(a.elector.identity);
    await eventually(() => expect(b.elector.isLeader()).toBe(true));
    expect(Date.now() - released).toBeLessThan(3000);
  });

  it('a restarted process with the same identity takes its lease back at once, as a new transition', async () => {
    // What a SIGKILLed leader leaves: its lease, just renewed, good for another 10 s.
    const renewed = new Date().toISOString().replace('Z', '000Z');
    await client.resource<Lease>(leases).create({
      metadata: { name: 'restart-test', namespace: 'kube-system' },
      spec: {
        holderIdentity: 'host_scheduler',
        leaseDurationSeconds: 10,
        acquireTime: '2026-01-01T00:00:00.000000Z',
        renewTime: renewed,
        leaseTransitions: 3,
      },
    });
    const restarted = new LeaderElector({
      client,
      name: 'restart-test',
      identity: 'host_scheduler',
      leaseDurationMs: 10_000,
      renewDeadlineMs: 6_000,
      retryPeriodMs: 100,
      logger,
    });
    electors.push(restarted);
    const startedAt = Date.now();
    restarted.start();
    await eventually(() => expect(restarted.isLeader()).toBe(true));
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    const spec = (await lease('restart-test')).spec!;
    expect(spec.holderIdentity).toBe('host_scheduler');
    expect(spec.leaseTransitions).toBe(4);
    expect(Date.parse(spec.acquireTime!)).toBeGreaterThanOrEqual(startedAt - 1);

    // Another identity still has to wait the lease out.
    const other = candidate('restart-test');
    other.elector.start();
    await sleep(500);
    expect(other.elector.isLeader()).toBe(false);
  });

  it('names itself <hostname>_<random> by default and checks its timings', () => {
    const elector = new LeaderElector({ client, name: 'x', logger });
    expect(elector.identity).toMatch(/^.+_[0-9a-f]{16}$/);
    expect(
      () => new LeaderElector({ client, name: 'x', leaseDurationMs: 5000, renewDeadlineMs: 5000 }),
    ).toThrow('leaseDuration');
  });
});
