/**
 * Leader election on a coordination.k8s.io/v1 Lease (client-go's leaderelection.go): take the
 * lease when it is free, expired or ours; renew it every retryPeriod; stop leading when no
 * renewal has succeeded for renewDeadline, so a paused leader wakes up as a follower instead of
 * acting next to its successor. Writes are compare-and-swap on resourceVersion: a 409 means
 * another candidate won the race.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ApiError, builtinResources, Lease, LeaseSpec } from '@orchestra/api';
import { createLogger, Logger } from '@orchestra/observability';
import { Gauge, Registry } from 'prom-client';
import { ApiClient } from './api-client';
import { Clock, systemClock } from './clock';
import { ResourceClient } from './resource-client';

export interface LeaderElectorOptions {
  client: ApiClient;
  /** The Lease's name: `kube-scheduler`, `kube-controller-manager`. */
  name: string;
  namespace?: string;
  /**
   * `<hostname>_<random>` by default, as client-go's: a restarted process waits the old lease out.
   * A stable one (the same on restart, never shared by two instances) lets it take over at once.
   */
  identity?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  registry?: Registry;
  logger?: Logger;
  onStartedLeading?(): void;
  onStoppedLeading?(): void;
  onNewLeader?(identity: string): void;
}

const leasesDef = builtinResources.find((d) => d.kind === 'Lease')!;
/** Reads and writes of the Lease when releasing it, for conflicts with our own last renewal. */
const releaseAttempts = 3;

/** MicroTime, as Kubernetes writes Lease times. */
const microTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export class LeaderElector {
  readonly identity: string;
  private readonly leases: ResourceClient<Lease>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly gauge: Gauge<'name'>;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private leading = false;
  private lastRenewMs = 0;
  private observedLeader?: string;
  private abort?: AbortController;
  private running?: Promise<void>;

  constructor(private readonly options: LeaderElectorOptions) {
    this.identity = options.identity ?? `${hostname()}_${randomBytes(8).toString('hex')}`;
    this.leases = options.client.resource<Lease>(leasesDef);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createLogger({ component: 'leader-election' });
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    // client-go's checks: a leader must give up before anyone may take over, and retry in between.
    if (this.leaseDurationMs <= this.renewDeadlineMs)
      throw new Error('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= 1.2 * this.retryPeriodMs)
      throw new Error('renewDeadline must be greater than 1.2 × retryPeriod');
    this.gauge =
      (options.registry?.getSingleMetric('leader_election_master_status') as Gauge<'name'>) ??
      new Gauge({
        name: 'leader_election_master_status',
        help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.',
        labelNames: ['name'],
        registers: options.registry ? [options.registry] : [],
      });
    this.gauge.set({ name: options.name }, 0);
  }

  /** True while leading and the last renewal is within renewDeadline. */
  isLeader(): boolean {
    return this.leading && this.clock.now() - this.lastRenewMs < this.renewDeadlineMs;
  }

  /** The holder last seen on the Lease. */
  get leader(): string | undefined {
    return this.observedLeader;
  }

  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    this.running = this.run(this.abort.signal);
  }

  /** Stops campaigning and hands the lease over at once if it is ours. */
  async stop(): Promise<void> {
    this.abort?.abort();
    await this.running;
    this.abort = undefined;
    await this.release();
  }

  /**
   * Empties holderIdentity so a successor need not wait for the lease to expire. A renewal that
   * stop() aborted may still land at the apiserver after our read: its 409 means "read again",
   * not "give up" (giving up would make the successor wait a whole lease duration).
   */
  async release(): Promise<void> {
    if (!this.leading) return;
    this.stopLeading();
    for (let attempt = 1; ; attempt++) {
      try {
        const lease = await this.leases.get(this.options.name, this.namespace);
        if (lease.spec?.holderIdentity !== this.identity) return;
        const now = this.clock.now();
        await this.leases.update({
          ...lease,
          spec: {
            ...lease.spec,
            holderIdentity: '',
            leaseDurationSeconds: 1,
            acquireTime: microTime(now),
            renewTime: microTime(now),
          },
        });
        return;
      } catch (error) {
        const conflict = error instanceof ApiError && error.code === 409;
        if (conflict && attempt < releaseAttempts) continue;
        this.logger.warn('could not release the lease', { lease: this.options.name, error });
        return;
      }
    }
  }

  private get namespace(): string {
    return this.options.namespace ?? 'kube-system';
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (!(await this.tryAcquireOrRenew(signal))) {
        await this.clock.sleep(this.retryPeriodMs * (1 + 0.2 * Math.random()), signal);
        continue;
      }
      this.startLeading();
      while (!signal.aborted) {
        await this.clock.sleep(this.retryPeriodMs, signal);
        if (signal.aborted) return;
        // Woken after renewDeadline (a paused process): the lease may be someone else's by now.
        if (!this.isLeader()) break;
        const attempt = this.clock.now();
        if (await this.tryAcquireOrRenew(signal)) this.lastRenewMs = attempt;
        else if (!this.isLeader()) break;
      }
      if (!signal.aborted) this.stopLeading();
    }
  }

  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const { name } = this.options;
    const now = this.clock.now();
    const request = { signal: AbortSignal.any([signal, AbortSignal.timeout(this.renewDeadlineMs)]) };
    const spec = (old: LeaseSpec = {}): LeaseSpec => {
      // A renewal keeps acquireTime; taking the lease is a transition, also when it still names
      // our identity (a restarted process with a stable LEADER_ELECTION_IDENTITY, or one woken
      // from a pause after it stopped leading), which may take it at once rather than wait it out.
      const ours = old.holderIdentity === this.identity && this.leading;
      return {
        holderIdentity: this.identity,
        leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
        acquireTime: ours && old.acquireTime ? old.acquireTime : microTime(now),
        renewTime: microTime(now),
        leaseTransitions: (old.leaseTransitions ?? 0) + (ours ? 0 : 1),
      };
    };
    try {
      let lease: Lease;
      try {
        lease = await this.leases.get(name, this.namespace, request);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
        await this.leases.create(
          { metadata: { name, namespace: this.namespace }, spec: { ...spec(), leaseTransitions: 0 } },
          request,
        );
        this.observe(this.identity);
        return true;
      }
      const holder = lease.spec?.holderIdentity;
      this.observe(holder);
      if (holder && holder !== this.identity && !expired(lease.spec!, now)) return false;
      await this.leases.update({ ...lease, spec: spec(lease.spec) }, request);
      this.observe(this.identity);
      return true;
    } catch (error) {
      if (!signal.aborted && !(error instanceof ApiError && error.code === 409))
        this.logger.warn('could not acquire or renew the lease', { lease: name, error });
      return false;
    }
  }

  private startLeading(): void {
    this.leading = true;
    this.lastRenewMs = this.clock.now();
    this.gauge.set({ name: this.options.name }, 1);
    this.logger.info('started leading', { lease: this.options.name, identity: this.identity });
    this.options.onStartedLeading?.();
  }

  private stopLeading(): void {
    if (!this.leading) return;
    this.leading = false;
    this.gauge.set({ name: this.options.name }, 0);
    this.logger.info('stopped leading', { lease: this.options.name, identity: this.identity });
    this.options.onStoppedLeading?.();
  }

  private observe(holder: string | undefined): void {
    if (!holder || holder === this.observedLeader) return;
    this.observedLeader = holder;
    this.options.onNewLeader?.(holder);
  }
}

/** renewTime + leaseDurationSeconds has passed (or the lease was never renewed). */
export function expired(spec: LeaseSpec, nowMs: number): boolean {
  const renewed = spec.renewTime ? Date.parse(spec.renewTime) : NaN;
  if (Number.isNaN(renewed)) return true;
  return renewed + (spec.leaseDurationSeconds ?? 0) * 1000 < nowMs;
}
