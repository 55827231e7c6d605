/**
 * store-latency ChaosExperiments as the apiserver sees them. The apiserver is the only process
 * that reads the store, so it learns of them from its own change feed (a list at start, then every
 * change to `chaosexperiments`), not through an informer on itself. A run slows the store while
 * the chaos controller has it `Injected`, and never past injectedAt + duration, so the fault ends
 * on time even if the controller-manager is gone. The store asks `addedLatencyMs` before each
 * operation (see StoreObserver), inside the time it measures.
 */
import {
  builtinResources,
  type ChaosExperiment,
  parseGoDuration,
  type ResourceDefinition,
} from '@orchestra/api';
import type { Logger } from '@orchestra/observability';
import {
  type ChangeEvent,
  type ChangeFeed,
  type RedisStore,
  resourceSegment,
  type StoreOperation,
  type Subscription,
} from '@orchestra/store';

export interface ActiveStoreLatency {
  /** `namespace/name` of the experiment. */
  experiment: string;
  delayMs: number;
  jitterMs: number;
  /** Empty: every operation. */
  operations: string[];
}

const definition = builtinResources.find((d) => d.kind === 'ChaosExperiment') as ResourceDefinition;
/** How the change log names the resource (`chaos.orchestra.dev/chaosexperiments`). */
const segment = resourceSegment(definition);

/** The latency a store-latency experiment adds now, or undefined when it is not in force. */
export function activeStoreLatency(experiment: ChaosExperiment, now: number): ActiveStoreLatency | undefined {
  const { spec, status } = experiment;
  if (spec.action !== 'store-latency' || status?.phase !== 'Injected' || spec.dryRun) return undefined;
  const injectedAt = Date.parse(status.injectedAt ?? '');
  const duration = parseGoDuration(spec.duration ?? '0s') ?? 0;
  if (Number.isNaN(injectedAt) || now < injectedAt || now >= injectedAt + duration) return undefined;
  return {
    experiment: `${experiment.metadata.namespace}/${experiment.metadata.name}`,
    delayMs: parseGoDuration(spec.storeLatency?.delay ?? '0s') ?? 0,
    jitterMs: parseGoDuration(spec.storeLatency?.jitter ?? '0s') ?? 0,
    operations: spec.storeLatency?.operations ?? [],
  };
}

/** What the active faults add to one operation: the largest of them (overlapping runs do not add up). */
export function addedLatencyMs(
  faults: readonly ActiveStoreLatency[],
  operation: StoreOperation,
  random: () => number,
): number {
  let added = 0;
  for (const fault of faults) {
    if (fault.operations.length && !fault.operations.includes(operation)) continue;
    added = Math.max(added, fault.delayMs + fault.jitterMs * random());
  }
  return added;
}

export class StoreLatencyFault {
  private readonly experiments = new Map<string, ChaosExperiment>();
  private subscription?: Subscription;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** Lists the experiments, then follows their changes from that revision on. */
  async start(store: RedisStore, feed: ChangeFeed): Promise<void> {
    const listed = await store.list(definition, {});
    for (const item of listed.items) this.remember(item as unknown as ChaosExperiment);
    this.subscription = await feed.subscribe(Number(listed.resourceVersion), (event) => this.onChange(event));
  }

  stop(): void {
    this.subscription?.close();
    this.experiments.clear();
  }

  /** Milliseconds to add to one store operation now (0 when no run is in force). */
  addedLatencyMs(operation: StoreOperation): number {
    if (this.experiments.size === 0) return 0;
    const now = this.now();
    const faults = [...this.experiments.values()]
      .map((experiment) => activeStoreLatency(experiment, now))
      .filter((fault): fault is ActiveStoreLatency => !!fault);
    return addedLatencyMs(faults, operation, this.random);
  }

  private onChange(event: ChangeEvent): void {
    if (event.resource !== segment) return;
    if (event.type === 'DELETED') this.experiments.delete(event.member);
    else this.remember(event.object as unknown as ChaosExperiment);
  }

  /** Only store-latency experiments are kept: every other one costs nothing per operation. */
  private remember(experiment: ChaosExperiment): void {
    const key = `${experiment.metadata.namespace}/${experiment.metadata.name}`;
    if (experiment.spec?.action !== 'store-latency') return void this.experiments.delete(key);
    const wasActive = !!activeStoreLatency(this.experiments.get(key) ?? experiment, this.now());
    this.experiments.set(key, experiment);
    const active = activeStoreLatency(experiment, this.now());
    if (active && !wasActive)
      this.logger.info('store-latency in force', { experiment: key, delay_ms: active.delayMs });
  }
}
