/**
 * The steady state of the control-plane actions, which no informer cache shows, so the chaos
 * controller measures it: before the run (the baseline), every second while it lasts (detection)
 * and after it (recovery), handing each reading to SteadyState.
 *  - store-latency: one GET through the apiserver, timed; bound: its latency before the run plus
 *    half the added delay.
 *  - queue-stall: the jobs waiting (ready to run) in each stalled queue (the controller-manager's
 *    own, the scheduler's, the kubelets' node queues, all read from Redis); bound: as many as
 *    before the run, i.e. the backlog the stall built up is drained.
 */
import { CHAOS_QUEUE, ChaosExperiment, ChaosSteadyState, parseGoDuration } from '@orchestra/api';
import { ChaosApi } from './chaos-api.port';
import { SteadyState } from './steady-state';

/** Jobs waiting (ready to run) in each work queue of a component, by queue name. */
export type QueueDepths = (component: string) => Promise<Map<string, number>>;

export const isControlPlaneAction = (experiment: ChaosExperiment): boolean =>
  experiment.spec.action === 'store-latency' || experiment.spec.action === 'queue-stall';

export class ControlPlaneProbes {
  constructor(
    private readonly api: ChaosApi,
    private readonly steadyState: SteadyState,
    private readonly queueDepths?: QueueDepths,
  ) {}

  async baseline(experiment: ChaosExperiment): Promise<Pick<ChaosSteadyState, 'apiserver' | 'queues'>> {
    if (experiment.spec.action === 'queue-stall') {
      const depths = await this.stalledDepths(experiment);
      return { queues: [...depths].map(([name, waitingBefore]) => ({ name, waitingBefore })) };
    }
    const baselineSeconds = (await this.api.probeLatencySeconds?.(experiment)) ?? 0;
    const delaySeconds = (parseGoDuration(experiment.spec.storeLatency?.delay ?? '0s') ?? 0) / 1000;
    const boundSeconds = Math.round((baselineSeconds + delaySeconds / 2) * 1000) / 1000;
    return { apiserver: { baselineSeconds, boundSeconds } };
  }

  /** One reading; a failed one counts as not back (slow, or deeper than any bound). */
  async probe(experiment: ChaosExperiment): Promise<void> {
    if (experiment.spec.action === 'queue-stall') {
      const depths = await this.stalledDepths(experiment).catch(() => undefined);
      this.steadyState.observeQueueDepths(depths);
      return;
    }
    const seconds = await this.api.probeLatencySeconds?.(experiment).catch(() => Number.POSITIVE_INFINITY);
    this.steadyState.observeApiLatency(seconds);
  }

  /** Drops the readings: only one taken after the fault's end can show the steady state back. */
  forget(): void {
    this.steadyState.observeApiLatency(undefined);
    this.steadyState.observeQueueDepths(undefined);
  }

  private async stalledDepths(experiment: ChaosExperiment): Promise<Map<string, number>> {
    const component = experiment.spec.queueStall?.component ?? 'controller-manager';
    const all = (await this.queueDepths?.(component)) ?? new Map<string, number>();
    const named = experiment.spec.queueStall?.queues;
    return new Map(
      [...all].filter(([name]) => name !== CHAOS_QUEUE && (!named?.length || named.includes(name))),
    );
  }
}
