/**
 * The control plane's resilience acceptance tests, with real OS processes (built from dist/):
 * the apiserver, the scheduler and the controller-manager replicas run as children of the test,
 * so they can be SIGKILLed in the middle of a scale-up and SIGSTOPped while they hold the Lease.
 * Every pod count below comes from a watch that sees each intermediate state, not from polling.
 *
 * The work queue's own guarantee (a change that arrives while its key is reconciled causes one
 * more reconcile) is tested directly in libs/queues/test/work-queue.test.ts.
 */
import { builtinResources, Deployment, Lease, Pod, ReplicaSet, ResourceDefinition } from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { QueueName, queuePrefix } from '@orchestra/queues';
import { Queue } from 'bullmq';
import {
  buildDist,
  ComponentProcess,
  metricSum,
  startComponent,
} from '../../../tools/testing/component-process';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { TestCredentials } from '../../../tools/testing/test-credentials';
import { createTestRedis, TestRedis } from '../../../tools/testing/test-redis';
import { eventually } from './control-plane-harness';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const lease = { durationMs: 2_000, renewDeadlineMs: 1_500, retryPeriodMs: 300 };
const LEASE_NAME = 'kube-controller-manager';
/**
 * How long the key a killed controller-manager was reconciling stays blocked: its BullMQ job stays
 * active until its lock runs out (10 s, see ControllerLoop), then a stalled check marks it and a
 * later one (every 5 s) moves it back to wait; every add of the key meanwhile is deduplicated into
 * it. So up to ~20 s, plus the restarted process's start and a loaded machine's slack.
 */
const stalledJobRecoveryMs = 60_000;

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '10m' } } }] },
});

/**
 * Every live (non-terminating) pod of one app, kept from a list + watch: `max` is the most that
 * ever existed at once, `history` the live count after each event.
 */
class LivePods {
  readonly history: number[] = [];
  max = 0;
  private readonly pods = new Map<string, Pod>();
  private readonly abort = new AbortController();
  private watching?: Promise<void>;
  private failure?: unknown;
  onChange?: (live: number) => void;

  constructor(
    private readonly client: ResourceClient<Pod>,
    private readonly app: string,
  ) {}

  async start(): Promise<void> {
    const selector = { namespace: 'default', labelSelector: `app=${this.app}` };
    const list = await this.client.list(selector);
    for (const pod of list.items) this.pods.set(pod.metadata.name!, pod);
    this.record();
    this.watching = this.client
      .watch(
        { ...selector, resourceVersion: list.resourceVersion },
        (event) => {
          if (event.type === 'BOOKMARK') return;
          if (event.type === 'DELETED') this.pods.delete(event.object.metadata.name!);
          else this.pods.set(event.object.metadata.name!, event.object);
          this.record();
        },
        this.abort.signal,
      )
      .then(() => {
        if (!this.abort.signal.aborted) this.failure = new Error('the pod watch ended early');
      })
      .catch((error: unknown) => {
        this.failure = error;
      });
  }

  live(): Pod[] {
    return [...this.pods.values()].filter((p) => !p.metadata.deletionTimestamp);
  }

  /** Ends the watch; throws if it broke meanwhile (its counts would prove nothing). */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.watching;
    if (this.failure) throw this.failure;
  }

  private record(): void {
    const live = this.live().length;
    this.history.push(live);
    this.max = Math.max(this.max, live);
    this.onChange?.(live);
  }
}

describe('control plane resilience (real processes)', () => {
  let redis: TestRedis;
  /** The apiserver's token file and each component's identity, as the launcher generates them. */
  const credentials = new TestCredentials();
  let apiserver: ComponentProcess;
  let scheduler: ComponentProcess;
  const controllerManagers: ComponentProcess[] = [];
  let client: ApiClient;
  let pods: ResourceClient<Pod>;
  let replicaSets: ResourceClient<ReplicaSet>;

  const startControllerManager = async (name: string) => {
    const cm = await startComponent({
      name,
      script: 'apps/controller-manager/src/main.js',
      portVariable: 'CONTROLLER_MANAGER_PORT',
      // info: the start line and "started leading" carry the instance's Lease identity.
      env: {
        ...shared(),
        ...credentials.componentEnv('controller-manager'),
        LOG_LEVEL: 'info',
        LEADER_ELECT: 'true',
        LEASE_DURATION_MS: String(lease.durationMs),
        RENEW_DEADLINE_MS: String(lease.renewDeadlineMs),
        RETRY_PERIOD_MS: String(lease.retryPeriodMs),
      },
    });
    controllerManagers.push(cm);
    return cm;
  };
  const shared = () => ({
    REDIS_URL: redis.url,
    ORCHESTRA_KEY_PREFIX: redis.prefix,
    APISERVER_URL: apiserver.url,
  });
  const identityOf = (cm: ComponentProcess) =>
    cm.logLines().find((l) => typeof l.identity === 'string')?.identity as string;
  const holder = async () =>
    (
      await client
        .resource<Lease>(def('Lease'))
        .get(LEASE_NAME, 'kube-system')
        .catch(() => undefined)
    )?.spec?.holderIdentity || undefined;
  const metrics = async (cm: ComponentProcess) =>
    (await fetch(`${cm.url}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
  /** Objects this instance created (pods, replicasets, events). */
  const creates = async (cm: ComponentProcess) =>
    metricSum(await metrics(cm), 'rest_client_requests_total', { method: 'POST', code: '201' });
  /** Successful writes of any kind, the Lease's included. */
  const writes = async (cm: ComponentProcess) =>
    metricSum(await metrics(cm), 'rest_client_requests_total', { method: /^(?!GET)/, code: /^2/ });
  const reconciles = async (cm: ComponentProcess) =>
    metricSum(await metrics(cm), 'controller_reconcile_total');
  const masterStatus = async (cm: ComponentProcess) =>
    metricSum(await metrics(cm), 'leader_election_master_status', { name: LEASE_NAME });
  /** Reads the ReplicaSet queue (as BullMQ sees it) on a connection of its own. */
  const withReplicaSetQueue = async <T>(read: (queue: Queue) => Promise<T>): Promise<T> => {
    const connection = redis.client.duplicate();
    const queue = new Queue(QueueName.ReplicaSet, { connection, prefix: queuePrefix(redis.prefix) });
    try {
      return await read(queue);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  };
  /** Jobs of the ReplicaSet queue that are running or due: none means no reconcile in flight. */
  const replicaSetQueueBusy = () =>
    withReplicaSetQueue(async (queue) => {
      const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    });
  /** The ReplicaSet queue's jobs, for a failure message: who holds which key. */
  const replicaSetQueueState = () =>
    withReplicaSetQueue(async (queue) => {
      const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'failed');
      const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized'], 0, 20);
      const described = jobs.map((j) => `${j.id} ${j.data.key} attempts=${j.attemptsMade} ts=${j.timestamp}`);
      return `--- replicaset queue ---\n${JSON.stringify(counts)}\n${described.join('\n')}`;
    }).catch((error: unknown) => `--- replicaset queue: unreadable (${String(error)}) ---`);
  /** `eventually`, failing with the tail of every component's output as it was at the timeout. */
  const waitFor = <T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string) =>
    eventually(check, timeoutMs, what).catch(async (error: Error) => {
      const all = [apiserver, scheduler, ...controllerManagers];
      const tails = all.map((p) => `--- ${p.name} ---\n${p.output().slice(-3_000)}`);
      throw new Error([error.message, await replicaSetQueueState(), ...tails].join('\n'));
    });

  beforeAll(async () => {
    await buildDist();
    redis = createTestRedis('resilience');
    apiserver = await startComponent({
      name: 'apiserver',
      script: 'apps/apiserver/src/main.js',
      portVariable: 'APISERVER_PORT',
      env: {
        REDIS_URL: redis.url,
        ORCHESTRA_KEY_PREFIX: redis.prefix,
        TOKEN_AUTH_FILE: credentials.tokenFile,
        SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
        AUDIT_LOG_PATH: credentials.auditLogFile,
      },
    });
    scheduler = await startComponent({
      name: 'scheduler',
      script: 'apps/scheduler/src/main.js',
      portVariable: 'SCHEDULER_PORT',
      env: { ...shared(), ...credentials.componentEnv('scheduler'), LEADER_ELECT: 'false' },
    });
    client = new ApiClient({
      baseUrl: apiserver.url,
      userAgent: 'resilience-e2e',
      token: credentials.adminToken,
    });
    pods = client.resource<Pod>(def('Pod'));
    replicaSets = client.resource<ReplicaSet>(def('ReplicaSet'));
    await StandinKubelet.createNodes(client, [{ name: 'node-a' }, { name: 'node-b' }]);
  }, 90_000);

  afterAll(async () => {
    // Controllers first (they write through the apiserver), then Redis keys once nobody writes.
    await Promise.all(controllerManagers.map((cm) => cm.stop()));
    await scheduler?.stop();
    await apiserver?.stop();
    await redis?.cleanup();
    credentials.cleanup();
  }, 30_000);

  it('SIGKILL the controller-manager in the middle of a scale-up to 50 and restart it: exactly 50 pods, never more', async () => {
    const watch = new LivePods(pods, 'scale');
    await watch.start();
    let cm = await startControllerManager('controller-manager-1');
    await waitFor(holder, 10_000, 'a Lease holder');

    // Kill at the third pod seen: the ReplicaSet controller creates in slow-start batches
    // (1, 2, 4, ...), so this lands in the middle of its first reconcile, creates in flight.
    let atKill = -1;
    const killed = new Promise<void>((done) => {
      watch.onChange = (live) => {
        if (live < 3 || atKill >= 0) return;
        cm.signal('SIGKILL');
        atKill = live;
        done();
      };
    });
    await client.resource<Deployment>(def('Deployment')).create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'scale', namespace: 'default' },
      spec: { replicas: 50, selector: { matchLabels: { app: 'scale' } }, template: template('scale') },
    });
    await killed;
    watch.onChange = undefined;
    await cm.kill();
    // Creates already at the apiserver when the process died still land: let them.
    await new Promise((r) => setTimeout(r, 500));
    const beforeRestart = watch.live().length;
    expect(beforeRestart).toBeLessThan(50); // the kill really interrupted the scale-up

    const restartedAt = Date.now();
    cm = await startControllerManager('controller-manager-1-restarted');
    await waitFor(async () => watch.live().length === 50, stalledJobRecoveryMs, '50 pods');
    const convergedMs = Date.now() - restartedAt;
    // Late duplicates (a second reconcile from a stale cache or a redelivered job) come later.
    await new Promise((r) => setTimeout(r, 3_000));
    await watch.stop();

    const live = watch.live();
    expect(live).toHaveLength(50);
    expect(watch.max).toBe(50);
    // The observer saw the scale-up happen, from before the kill to after the restart.
    expect(watch.history).toContain(beforeRestart);
    expect(new Set(watch.history.filter((n) => n > beforeRestart && n < 50)).size).toBeGreaterThan(0);
    // One ReplicaSet, owning every pod: no duplicate ReplicaSet either.
    const sets = (await replicaSets.list({ namespace: 'default', labelSelector: 'app=scale' })).items;
    expect(sets).toHaveLength(1);
    const owned = live.filter((p) => p.metadata.ownerReferences?.[0]?.uid === sets[0].metadata.uid);
    expect(owned).toHaveLength(50);
    process.stdout.write(
      `SIGKILL: ${atKill} pod(s) seen at the kill, ${beforeRestart} before the restart; ` +
        `50 pods ${convergedMs} ms after the restart (max ${watch.max})\n`,
    );
    await cm.stop();
  }, 150_000);

  describe('two controller-manager replicas', () => {
    let leader: ComponentProcess;
    let follower: ComponentProcess;
    /** The leader's counters just before its SIGSTOP. */
    let stopped = { creates: NaN, reconciles: NaN };
    const rs = (replicas: number): ReplicaSet => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'pair', namespace: 'default' },
      spec: { replicas, selector: { matchLabels: { app: 'pair' } }, template: template('pair') },
    });
    // A merge patch carries no resourceVersion: it does not race the controller's status writes.
    const scaleTo = (replicas: number) =>
      replicaSets.patch('pair', 'default', { spec: { replicas } }, 'merge');

    beforeAll(async () => {
      // Whatever the first test left running (e.g. when it failed) would hold the Lease.
      await Promise.all(controllerManagers.map((cm) => cm.stop()));
      const pair = await Promise.all([
        startControllerManager('controller-manager-a'),
        startControllerManager('controller-manager-b'),
      ]);
      const identities = pair.map(identityOf);
      const held = await waitFor(
        async () => {
          const identity = await holder();
          return identity !== undefined && identities.includes(identity) && identity;
        },
        10_000,
        'one of the pair to hold the Lease',
      );
      leader = pair[identities.indexOf(held)];
      follower = pair.find((cm) => cm !== leader)!;
    }, 30_000);

    it('only the leader writes', async () => {
      const watch = new LivePods(pods, 'pair');
      await watch.start();
      await replicaSets.create(rs(10));
      await waitFor(async () => watch.live().length === 10, 20_000, '10 pods');
      await new Promise((r) => setTimeout(r, 1_000)); // a follower's late writes would show by now
      await watch.stop();

      expect(watch.max).toBe(10);
      expect([await masterStatus(leader), await masterStatus(follower)]).toEqual([1, 0]);
      // 10 pods and their events, at least, from the leader; not one write from the follower
      // (its attempts at the held Lease are reads; a lost race for a free one is a 409).
      expect(await creates(leader)).toBeGreaterThanOrEqual(10);
      expect(await writes(follower)).toBe(0);
      expect(await reconciles(leader)).toBeGreaterThan(0);
      expect(await reconciles(follower)).toBe(0);
    });

    it('SIGSTOP the leader: the other takes over within the lease duration, and acts', async () => {
      const watch = new LivePods(pods, 'pair');
      await watch.start();
      // Stop an idle leader: a key it holds mid-reconcile would stay blocked for its successor
      // as long as after a SIGKILL (see stalledJobRecoveryMs), which is the first test's subject.
      // Idle means settled objects and, twice in a row, no ReplicaSet job running or due (the
      // pods' bindings reach the queue through the dispatcher, late on a loaded machine).
      await waitFor(
        async () => {
          const rs = await replicaSets.get('pair', 'default');
          return rs.status?.replicas === 10 && watch.live().every((p) => p.spec.nodeName);
        },
        10_000,
        'pair to settle',
      );
      let idleChecks = 0;
      await waitFor(
        async () => {
          idleChecks = (await replicaSetQueueBusy()) === 0 ? idleChecks + 1 : 0;
          if (idleChecks < 2) await new Promise((r) => setTimeout(r, 500));
          return idleChecks >= 2;
        },
        20_000,
        "the leader's ReplicaSet queue to be idle",
      );
      stopped = { creates: await creates(leader), reconciles: await reconciles(leader) };
      const followerCreates = await creates(follower);
      const stoppedAt = Date.now();
      leader.signal('SIGSTOP');
      await waitFor(
        async () => (await holder()) === identityOf(follower),
        lease.durationMs + 5_000,
        'the follower to take the Lease',
      );
      const takeoverMs = Date.now() - stoppedAt;
      // The Lease expires leaseDuration after the last renewal (at most one retryPeriod before
      // the stop); the follower retries every retryPeriod (+20% jitter); plus request latency.
      expect(takeoverMs).toBeLessThan(lease.durationMs + 1.2 * lease.retryPeriodMs + 1_000);

      // The new leader acts: 10 -> 20 pods, created by it.
      await scaleTo(20);
      await waitFor(async () => watch.live().length === 20, 20_000, '20 pods');
      await watch.stop();
      expect(await creates(follower)).toBeGreaterThanOrEqual(followerCreates + 10);
      expect(watch.max).toBe(20);
      expect(watch.history).toEqual(expect.arrayContaining([10, 15, 20]));
      process.stdout.write(`SIGSTOP: the follower held the Lease ${takeoverMs} ms after the stop\n`);
    });

    it('SIGCONT the old leader: it steps down and reconciles nothing more', async () => {
      const watch = new LivePods(pods, 'pair');
      await watch.start();
      // It wakes long after its renewDeadline, while work arrives (its worker's queue read,
      // blocked since the stop, may return the moment it runs): it must step down, not act.
      await scaleTo(25);
      leader.signal('SIGCONT');
      await waitFor(async () => (await masterStatus(leader)) === 0, 5_000, 'the old leader to step down');
      await waitFor(async () => watch.live().length === 25, 20_000, '25 pods');
      await new Promise((r) => setTimeout(r, 1_500));
      await watch.stop();

      expect(await holder()).toBe(identityOf(follower));
      expect(await masterStatus(follower)).toBe(1);
      expect(watch.max).toBe(25);
      // Not one reconcile, not one create since it was stopped.
      expect(await creates(leader)).toBe(stopped.creates);
      expect(await reconciles(leader)).toBe(stopped.reconciles);
    });
  });
});
