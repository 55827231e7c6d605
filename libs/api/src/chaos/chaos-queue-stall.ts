/**
 * When a queue-stall run is in force, as every component that consumes work queues computes it
 * from the ChaosExperiments its informer holds: while the chaos controller has the run
 * `Injected`, and never past injectedAt + duration (the stall ends on time even if the
 * controller-manager, which runs the chaos controller, is itself stalled or gone).
 */
import { ChaosExperiment } from './chaos.types';
import { parseGoDuration } from './go-duration';

export interface ActiveQueueStall {
  /** `namespace/name` of the experiment. */
  experiment: string;
  component: string;
  /** Empty: every queue of the component (but `chaos`). */
  queues: string[];
  /** When the stall ends, ms since the epoch. */
  until: number;
}

export function activeQueueStall(experiment: ChaosExperiment, now: number): ActiveQueueStall | undefined {
  const { spec, status } = experiment;
  if (spec.action !== 'queue-stall' || status?.phase !== 'Injected' || spec.dryRun) return undefined;
  const injectedAt = Date.parse(status.injectedAt ?? '');
  const until = injectedAt + (parseGoDuration(spec.duration ?? '0s') ?? 0);
  if (Number.isNaN(injectedAt) || now < injectedAt || now >= until) return undefined;
  return {
    experiment: `${experiment.metadata.namespace}/${experiment.metadata.name}`,
    component: spec.queueStall?.component ?? '',
    queues: spec.queueStall?.queues ?? [],
    until,
  };
}

/** The stalls in force now for one component. */
export function queueStallsFor(
  component: string,
  experiments: readonly ChaosExperiment[],
  now: number,
): ActiveQueueStall[] {
  return experiments
    .map((experiment) => activeQueueStall(experiment, now))
    .filter((stall): stall is ActiveQueueStall => stall?.component === component);
}
