/**
 * The chaos controller: runs each ChaosExperiment through its phases, one run at a time.
 *
 *   Pending ─(due, under the rate limit)→ Injecting ─→ Injected ─(duration)→ Recovering ─→ Recovered
 *                                                                                      └→ Failed
 *
 * Injecting picks the targets (selector and mode) and fixes the steady state to check against;
 * Injected means the fault is in; Recovering undoes a lasting fault and waits for the steady
 * state (see steady-state.ts), Recovered records the times to detect and recover and the verdict
 * Passed, Failed says what stayed short after the recovery timeout. A scheduled experiment starts
 * its next run when due. Dry runs only list their targets. Every injection and recovery is an
 * Event on the experiment, a log line naming the requester, a span event, and metrics.
 */
import {
  ChaosAffectedObject,
  ChaosExperiment,
  isComponentChaosAction,
  isNodeChaosAction,
  Node,
  parseGoDuration,
  Pod,
  Service,
} from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { Logger } from '@orchestra/observability';
import { ReconcileContext, ReconcileResult, Reconciler } from '@orchestra/queues';
import { EventSink } from '../controller-utils';
import { ChaosActionContext, chaosActionHandlers, durationMs } from './chaos-actions';
import { ChaosApi, ChaosStatusPatch } from './chaos-api.port';
import { ChaosMetrics } from './chaos.metrics';
import { ChaosRunAnnotations } from './chaos-run-annotations.port';
import { ChaosRunReporter, names, requesterOf } from './chaos-run-reporter';
import { ChaosRunTracker, TrackedRun } from './chaos-run-tracker';
import { nextRun, nextRunAt } from './chaos-schedule';
import { ControlPlaneProbes, isControlPlaneAction, QueueDepths } from './control-plane-probes';
import { affectedObject, componentTarget, picksNodes, selectTargets, serviceTarget } from './chaos-targets';
import { SteadyState } from './steady-state';
import { InjectionRateLimiter } from './injection-rate-limiter';
import { NodeActionContext, nodeActionHandlers } from './node-actions';
import { affectedDrainedPod, affectedNode, drainablePods, selectNodeTargets } from './node-targets';
import { WorkloadOwners } from './workload-owners';

export interface ChaosReconcilerDeps {
  experiments: Lister<ChaosExperiment>;
  pods: Lister<Pod>;
  services: Lister<Service>;
  /** Node actions' targets (node-drain). */
  nodes?: Lister<Node>;
  /** Resolves spec.selector.workload (a Deployment through its ReplicaSets, a CronJob through its Jobs). */
  owners?: WorkloadOwners;
  steadyState: SteadyState;
  /** queue-stall's steady state: the depths of this process's work queues. */
  queueDepths?: QueueDepths;
  tracker: ChaosRunTracker;
  api: ChaosApi;
  events: EventSink;
  metrics: ChaosMetrics;
  limiter: InjectionRateLimiter;
  logger: Logger;
  /** Where each run is drawn as an annotation region (Grafana's, when GRAFANA_URL is set). */
  annotations?: ChaosRunAnnotations;
  /** CHAOS_ENABLED: when false nothing is injected (experiments stay Pending, saying why). */
  enabled: boolean;
  now?: () => number;
  random?: () => number;
}

/** How often a run waiting for its steady state is looked at even when the caches are quiet. */
const RECOVERY_POLL_MS = 1_000;
const STALE_CACHE_RETRY_MS = 100;
const phaseRank: Record<string, number> = {
  Pending: 0,
  Injecting: 1,
  Injected: 2,
  Recovering: 3,
  Recovered: 4,
  Failed: 4,
};

function progressOf(experiment: ChaosExperiment): { runs: number; rank: number } {
  return { runs: experiment.status?.runs ?? 0, rank: phaseRank[experiment.status?.phase ?? 'Pending'] ?? 0 };
}
const DEFAULT_RECOVERY_TIMEOUT_MS = 120_000;

export class ChaosExperimentReconciler implements Reconciler {
  readonly name = 'chaos';
  private readonly now: () => number;
  /**
   * The run and phase this controller last wrote per experiment (its "expectations"): a cache that
   * shows an older one has not seen that write yet, and acting on it could inject a run twice.
   */
  private readonly written = new Map<string, { runs: number; rank: number }>();

  private readonly report: ChaosRunReporter;
  private readonly probes: ControlPlaneProbes;

  constructor(private readonly deps: ChaosReconcilerDeps) {
    this.now = deps.now ?? Date.now;
    this.report = new ChaosRunReporter(deps.events, deps.logger, deps.metrics, deps.annotations, this.now);
    this.probes = new ControlPlaneProbes(deps.api, deps.steadyState, deps.queueDepths);
  }

  async reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const experiment = this.deps.experiments.get(key);
    if (!experiment || experiment.metadata.deletionTimestamp) {
      // Gone mid-run: stop counting it active. A lasting fault ends on its own (its end time).
      this.written.delete(key);
      const run = this.deps.tracker.forget(key);
      if (run) this.report.abandoned(run.experiment);
      return;
    }
    if (this.cacheIsBehind(key, experiment)) return { requeueAfterMs: STALE_CACHE_RETRY_MS };
    switch (experiment.status?.phase) {
      case 'Injecting':
        // This process (or the leader before it) stopped half-way through injecting: the targets
        // are known, the fault may be partly in; carry on as injected, re-injecting nothing.
        return this.afterInjection(key, experiment, ctx, Date.parse(experiment.status.lastRunAt ?? ''));
      case 'Injected':
        return this.afterInjection(key, experiment, ctx, Date.parse(experiment.status.injectedAt ?? ''));
      case 'Recovering':
        return this.watchRecovery(key, experiment, ctx);
      default:
        return this.maybeStart(key, experiment, ctx);
    }
  }

  private async maybeStart(
    key: string,
    experiment: ChaosExperiment,
    ctx: ReconcileContext,
  ): Promise<ReconcileResult | void> {
    const status = experiment.status ?? {};
    const requestedBy = requesterOf(experiment);
    const action = experiment.spec.action;
    if (!this.deps.enabled) {
      const message = 'chaos is switched off on this cluster (CHAOS_ENABLED=false): nothing is injected';
      if (status.message !== message)
        await this.patch(
          key,
          experiment,
          { phase: status.phase ?? 'Pending', message, requestedBy },
          ctx.traceparent,
        );
      return;
    }
    const now = this.now();
    const decision = nextRun(experiment, now);
    if (!decision.due) {
      if (decision.waitMs === undefined) return;
      const next = nextRunAt(experiment, now);
      if (status.nextRunAt !== next) await this.patch(key, experiment, { nextRunAt: next }, ctx.traceparent);
      return { requeueAfterMs: decision.waitMs };
    }
    // A control-plane action hits a component, not pods: its one target is that component.
    const controlPlane =
      isControlPlaneAction(experiment) || (isComponentChaosAction(action) && !picksNodes(experiment));
    // A node action hits nodes (and, for a drain, the pods it evicts there); so does a kubelet's kill.
    const nodeRun = picksNodes(experiment) ? this.nodeRun(experiment) : undefined;
    const { candidates, targets }: { candidates: unknown[]; targets: (Pod | Service | Node)[] } = nodeRun
      ? nodeRun
      : controlPlane
        ? { candidates: [], targets: [] }
        : action === 'http-fault'
          ? serviceTarget(experiment, this.deps.services)
          : selectTargets(experiment, this.deps.pods.list(), this.deps.random, this.deps.owners);
    const runs = (status.runs ?? 0) + 1;
    const runStart: ChaosStatusPatch = {
      runs,
      lastRunAt: new Date(now).toISOString(),
      nextRunAt: null,
      injectedAt: null,
      faultEndedAt: null,
      recoveredAt: null,
      timeToDetectSeconds: null,
      timeToRecoverSeconds: null,
      verdict: null,
      requestedBy,
      observedGeneration: experiment.metadata.generation,
    };
    const affected = nodeRun
      ? [...nodeRun.targets.map(affectedNode), ...nodeRun.pods.map(affectedDrainedPod)]
      : controlPlane
        ? [componentTarget(experiment)]
        : targets.map((target) => affectedObject(experiment, target as Pod | Service));
    if (experiment.spec.dryRun) {
      const message = controlPlane
        ? `dry run: would hit the ${affected[0].name}; nothing was touched`
        : `dry run: would hit ${targets.length} of ${candidates.length} matching ${nodeRun ? 'nodes' : action === 'http-fault' ? 'Services' : 'pods'}; nothing was touched`;
      await this.patch(
        key,
        experiment,
        {
          ...runStart,
          phase: 'Recovered',
          affected,
          verdict: 'DryRun',
          message,
          nextRunAt: this.nextAfter(experiment, now, now),
        },
        ctx.traceparent,
      );
      this.report.dryRun(key, experiment, runs, affected, message);
      return this.scheduleNext(experiment, now);
    }
    if (affected.length === 0) {
      const message =
        action === 'http-fault'
          ? `service "${experiment.spec.service}" not found: nothing to inject`
          : nodeRun
            ? 'no node matches the selector (a cordoned node is not drained again): nothing to inject'
            : 'no running pod matches the selector: nothing to inject';
      await this.patch(
        key,
        experiment,
        {
          ...runStart,
          phase: 'Failed',
          affected: [],
          verdict: 'Failed',
          message,
          nextRunAt: this.nextAfter(experiment, now, now),
        },
        ctx.traceparent,
      );
      this.report.noTargets(experiment, message);
      return this.scheduleNext(experiment, now);
    }
    const waitMs = this.deps.limiter.tryAcquire();
    if (waitMs > 0) {
      const message = `rate limited: too many chaos injections in the last minute; next try in ${Math.ceil(waitMs / 1000)}s`;
      if (status.message !== message) {
        await this.patch(key, experiment, { phase: status.phase ?? 'Pending', message }, ctx.traceparent);
        this.report.rateLimited(experiment, message);
      }
      return { requeueAfterMs: waitMs };
    }
    return this.inject(
      key,
      experiment,
      runStart,
      targets,
      affected,
      ctx,
      nodeRun?.pods,
      nodeRun?.baselinePods,
    );
  }

  private async inject(
    key: string,
    experiment: ChaosExperiment,
    runStart: ChaosStatusPatch,
    targets: (Pod | Service | Node)[],
    affected: ChaosAffectedObject[],
    ctx: ReconcileContext,
    nodePods: Pod[] = [],
    baselinePods: Pod[] = nodePods,
  ): Promise<ReconcileResult | void> {
    const { api, tracker } = this.deps;
    const action = experiment.spec.action;
    const run = runStart.runs!;
    const baseline =
      action === 'http-fault'
        ? this.deps.steadyState.baseline([], targets as Service[])
        : this.deps.steadyState.baseline(picksNodes(experiment) ? baselinePods : (targets as Pod[]));
    if (isControlPlaneAction(experiment)) Object.assign(baseline, await this.probes.baseline(experiment));
    // The targets are written before anything is touched: whoever reconciles next knows them.
    let current = await this.patch(
      key,
      experiment,
      { ...runStart, phase: 'Injecting', affected, steadyState: baseline, message: `injecting ${action}` },
      ctx.traceparent,
    );
    const tracked = tracker.track({ key, run, experiment: current, baseline, affected });
    this.report.active(experiment);
    const actionCtx: ChaosActionContext = { api, experiment, now: this.now(), traceparent: ctx.traceparent };
    // A component action writes nothing: the hit process reads the Injected run itself.
    const writes = isComponentChaosAction(action) ? [] : targets;
    const failures = (
      await Promise.all(
        writes.map((target) =>
          (isNodeChaosAction(action)
            ? nodeActionHandlers[action].inject(
                target as Node,
                this.nodeCtx(experiment, ctx, nodePods, actionCtx.now),
              )
            : chaosActionHandlers[action].inject(target as Pod, actionCtx)
          ).then(
            () => undefined,
            (error: unknown) => `${target.metadata.name}: ${(error as Error).message}`,
          ),
        ),
      )
    ).filter((f): f is string => !!f);
    // The fault starts when its first write goes out: times to detect and recover count from there.
    const injectedAt = actionCtx.now;
    const message = `injected ${action} into ${names(affected).join(', ')}${
      failures.length ? ` (failed on ${failures.join('; ')})` : ''
    }`;
    current = await this.patch(
      key,
      current,
      { phase: 'Injected', injectedAt: new Date(injectedAt).toISOString(), message },
      ctx.traceparent,
    );
    tracked.experiment = current;
    this.report.injected(key, experiment, run, affected, failures, message);
    return this.afterInjection(key, current, ctx, injectedAt);
  }

  private async afterInjection(
    key: string,
    experiment: ChaosExperiment,
    ctx: ReconcileContext,
    injectedAt: number,
  ): Promise<ReconcileResult | void> {
    const { api } = this.deps;
    const started = Number.isNaN(injectedAt) ? this.now() : injectedAt;
    const duration = durationMs(experiment);
    const left = started + duration - this.now();
    if (left > 0 && !isControlPlaneAction(experiment)) return { requeueAfterMs: left };
    if (left > 0) {
      // The slowdown is seen (detected) by timing GETs through the apiserver while it lasts.
      await this.probes.probe(experiment);
      this.deps.tracker.observe();
      return { requeueAfterMs: Math.min(left, RECOVERY_POLL_MS) };
    }
    const action = experiment.spec.action;
    const affected = experiment.status?.affected ?? [];
    if (isNodeChaosAction(action)) {
      const nodes = affected
        .filter((target) => target.kind === 'Node')
        .map((target) => ({ target, node: this.deps.nodes?.get(target.name) }))
        .filter(
          (x): x is { target: ChaosAffectedObject; node: Node } => x.node?.metadata.uid === x.target.uid,
        );
      const nodeCtx = this.nodeCtx(experiment, ctx, []);
      await Promise.all(nodes.map(({ node }) => nodeActionHandlers[action].recover(node, nodeCtx)));
    } else if (!isComponentChaosAction(action)) {
      const pods = affected.map((target) => this.deps.pods.get(`${target.namespace}/${target.name}`));
      const actionCtx: ChaosActionContext = {
        api,
        experiment,
        now: this.now(),
        traceparent: ctx.traceparent,
      };
      await Promise.all(
        pods
          .filter((pod, i): pod is Pod => !!pod && pod.metadata.uid === affected[i].uid)
          .map((pod) => chaosActionHandlers[action].recover(pod, actionCtx)),
      );
    }
    // An instant fault (duration 0) ended when it was injected.
    const faultEndedAt = duration === 0 ? started : this.now();
    if (isControlPlaneAction(experiment)) {
      // Only a reading taken after the fault's end can show the steady state back.
      this.probes.forget();
      await this.probes.probe(experiment);
    }
    const message = `fault over; waiting for the steady state`;
    const current = await this.patch(
      key,
      experiment,
      {
        phase: 'Recovering',
        injectedAt: new Date(started).toISOString(),
        faultEndedAt: new Date(faultEndedAt).toISOString(),
        message,
      },
      ctx.traceparent,
    );
    const tracked = this.resume(key, current);
    tracked.experiment = current;
    this.deps.tracker.faultEnded(key, faultEndedAt);
    if (duration > 0) this.report.faultRemoved(key, current, message);
    return this.watchRecovery(key, current, ctx);
  }

  private async watchRecovery(
    key: string,
    experiment: ChaosExperiment,
    ctx: ReconcileContext,
  ): Promise<ReconcileResult | void> {
    const status = experiment.status ?? {};
    const tracked = this.resume(key, experiment);
    // The latest annotations: a hit component reports back on the experiment (component actions).
    tracked.experiment = experiment;
    if (isControlPlaneAction(experiment) && tracked.recoveredAt === undefined)
      await this.probes.probe(experiment);
    this.deps.tracker.evaluate(tracked);
    const injectedAt = Date.parse(status.injectedAt ?? '');
    const faultEndedAt = tracked.faultEndedAt ?? Date.parse(status.faultEndedAt ?? '');
    const timeToDetect =
      tracked.detectedAt !== undefined
        ? seconds(tracked.detectedAt - injectedAt)
        : status.timeToDetectSeconds;
    if (tracked.recoveredAt !== undefined) {
      const timeToRecover = seconds(tracked.recoveredAt - faultEndedAt);
      const message = `steady state back ${timeToRecover}s after the fault${
        timeToDetect !== undefined ? `; the cluster showed the loss after ${timeToDetect}s` : ''
      }`;
      await this.patch(
        key,
        experiment,
        {
          phase: 'Recovered',
          recoveredAt: new Date(tracked.recoveredAt).toISOString(),
          timeToRecoverSeconds: timeToRecover,
          timeToDetectSeconds: timeToDetect ?? null,
          verdict: 'Passed',
          message,
          nextRunAt: this.nextAfter(experiment, this.now(), Date.parse(status.lastRunAt ?? '')),
        },
        ctx.traceparent,
      );
      this.deps.tracker.forget(key);
      this.report.recovered(key, experiment, { recover: timeToRecover, detect: timeToDetect }, message);
      return this.scheduleNext(experiment, this.now());
    }
    const timeout = parseGoDuration(experiment.spec.recoveryTimeout ?? '') ?? DEFAULT_RECOVERY_TIMEOUT_MS;
    const deadline = faultEndedAt + timeout;
    if (this.now() >= deadline) {
      const short = this.deps.steadyState.check(tracked.baseline).short;
      const message = `steady state not back ${experiment.spec.recoveryTimeout} after the fault: ${
        short.join('; ') || 'the fault was never seen to land'
      }`;
      await this.patch(
        key,
        experiment,
        {
          phase: 'Failed',
          verdict: 'Failed',
          timeToDetectSeconds: timeToDetect ?? null,
          message,
          nextRunAt: this.nextAfter(experiment, this.now(), Date.parse(status.lastRunAt ?? '')),
        },
        ctx.traceparent,
      );
      this.deps.tracker.forget(key);
      this.report.failed(key, experiment, timeToDetect, message);
      return this.scheduleNext(experiment, this.now());
    }
    if (timeToDetect !== undefined && status.timeToDetectSeconds === undefined) {
      await this.patch(key, experiment, { timeToDetectSeconds: timeToDetect }, ctx.traceparent);
      this.report.detected(experiment, timeToDetect);
    }
    return { requeueAfterMs: Math.min(RECOVERY_POLL_MS, deadline - this.now()) };
  }

  /** A node action's targets from the node cache, and for a drain the pods it evicts on them. */
  private nodeRun(experiment: ChaosExperiment): {
    candidates: Node[];
    targets: Node[];
    pods: Pod[];
    baselinePods: Pod[];
  } {
    const run = selectNodeTargets(experiment, this.deps.nodes?.list() ?? [], this.deps.random);
    const names = new Set(run.targets.map((node) => node.metadata.name));
    const pods =
      experiment.spec.action === 'node-drain'
        ? run.targets.flatMap((node) => drainablePods(node.metadata.name!, this.deps.pods.list()))
        : [];
    // The steady state of a node-down: every live pod on the nodes (their Deployments and Services).
    const baselinePods =
      experiment.spec.action === 'node-drain'
        ? pods
        : this.deps.pods
            .list()
            .filter((pod) => names.has(pod.spec.nodeName) && !pod.metadata.deletionTimestamp);
    return { ...run, pods, baselinePods };
  }

  private nodeCtx(
    experiment: ChaosExperiment,
    ctx: ReconcileContext,
    pods: Pod[],
    now = this.now(),
  ): NodeActionContext {
    return {
      api: this.deps.api,
      experiment,
      traceparent: ctx.traceparent,
      now,
      podsOf: (node) => pods.filter((pod) => pod.spec.nodeName === node.metadata.name),
    };
  }

  /** Every status write goes through here, so the reconciler knows what its cache must show. */
  private async patch(
    key: string,
    experiment: ChaosExperiment,
    status: ChaosStatusPatch,
    traceparent: string | undefined,
  ): Promise<ChaosExperiment> {
    const written = await this.deps.api.patchStatus(experiment, status, traceparent);
    this.written.set(key, progressOf(written));
    return written;
  }

  private cacheIsBehind(key: string, experiment: ChaosExperiment): boolean {
    const written = this.written.get(key);
    if (!written) return false;
    const cached = progressOf(experiment);
    return cached.runs < written.runs || (cached.runs === written.runs && cached.rank < written.rank);
  }

  /** The tracked run, or one rebuilt from the status (after a restart or a change of leader). */
  private resume(key: string, experiment: ChaosExperiment): TrackedRun {
    const status = experiment.status ?? {};
    const run = status.runs ?? 0;
    const tracked = this.deps.tracker.get(key, run);
    if (tracked) return tracked;
    this.report.active(experiment);
    const faultEndedAt = Date.parse(status.faultEndedAt ?? '');
    return this.deps.tracker.track({
      key,
      run,
      experiment,
      baseline: status.steadyState ?? { deployments: [], services: [] },
      affected: status.affected ?? [],
      faultEndedAt: Number.isNaN(faultEndedAt) ? undefined : faultEndedAt,
    });
  }

  /** When the run that started at `runStartedAt` is followed by the next one (null: not scheduled). */
  private nextAfter(experiment: ChaosExperiment, now: number, runStartedAt: number): string | null {
    const every = experiment.spec.schedule && parseGoDuration(experiment.spec.schedule.every);
    if (!every) return null;
    const started = Number.isNaN(runStartedAt) ? now : runStartedAt;
    return new Date(Math.max(now, started + every)).toISOString();
  }

  private scheduleNext(experiment: ChaosExperiment, now: number): ReconcileResult | void {
    const every = experiment.spec.schedule && parseGoDuration(experiment.spec.schedule.every);
    if (!every) return;
    // The reconcile after the status write sees the new lastRunAt and asks for the exact wait.
    return { requeueAfterMs: Math.max(1, every - (this.now() - now)) };
  }
}

/** Seconds with millisecond precision. */
const seconds = (ms: number): number => Math.max(0, Math.round(ms)) / 1000;
