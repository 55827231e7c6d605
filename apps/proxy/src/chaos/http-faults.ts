/**
 * http-fault ChaosExperiments as the proxy sees them, through its own informer: a run is in force
 * for its Service while the chaos controller has it `Injected`, and never past injectedAt +
 * duration (so a fault cannot outlive its duration if the controller-manager is gone). The
 * proxy asks `faultFor(namespace, service)` on each request and delays it or answers it with
 * the fault's error code instead of forwarding it.
 */
import {
  builtinResources,
  type ChaosExperiment,
  parseGoDuration,
  type ResourceDefinition,
} from '@orchestra/api';
import type { Informer, SharedInformerFactory } from '@orchestra/client';

export interface ActiveHttpFault {
  /** `namespace/name` of the experiment. */
  experiment: string;
  delayMs: number;
  errorPercent: number;
  errorCode: number;
}

const definition = builtinResources.find((d) => d.kind === 'ChaosExperiment') as ResourceDefinition;

export class HttpFaults {
  private readonly experiments: Informer<ChaosExperiment>;

  constructor(
    factory: SharedInformerFactory,
    private readonly now: () => number = Date.now,
  ) {
    this.experiments = factory.informerFor<ChaosExperiment>(definition);
  }

  hasSynced(): boolean {
    return this.experiments.hasSynced();
  }

  /** The fault in force for a Service now, if any (the first one, when several overlap). */
  faultFor(namespace: string, service: string): ActiveHttpFault | undefined {
    for (const experiment of this.experiments.lister.list(namespace)) {
      const fault = activeFault(experiment, this.now());
      if (fault && experiment.spec.service === service) return fault;
    }
    return undefined;
  }
}

export function activeFault(experiment: ChaosExperiment, now: number): ActiveHttpFault | undefined {
  const { spec, status } = experiment;
  if (spec.action !== 'http-fault' || status?.phase !== 'Injected' || spec.dryRun) return undefined;
  const injectedAt = Date.parse(status.injectedAt ?? '');
  const duration = parseGoDuration(spec.duration ?? '0s') ?? 0;
  if (Number.isNaN(injectedAt) || now >= injectedAt + duration) return undefined;
  return {
    experiment: `${experiment.metadata.namespace}/${experiment.metadata.name}`,
    delayMs: parseGoDuration(spec.httpFault?.delay ?? '0s') ?? 0,
    errorPercent: spec.httpFault?.errorPercent ?? 0,
    errorCode: spec.httpFault?.errorCode ?? 503,
  };
}
