/**
 * The part of every component (scheduler, controller-manager, kubelet, proxy) that carries out
 * component-kill and component-pause on its own process: it watches ChaosExperiments and, when a
 * run in force names it (see componentFaultFor in @orchestra/api), SIGKILLs itself or SIGSTOPs
 * itself until the end of the pause. A process started after the run was injected is the
 * restarted one and is left alone. Once the process is back and doing its job again (`isWorking`:
 * leading, synced, its nodes heartbeating), it annotates the experiment so the chaos controller
 * can measure the recovery.
 */
import {
  builtinResources,
  ChaosComponent,
  ChaosExperiment,
  componentBackAnnotation,
  componentBackAt,
  ComponentFault,
  componentFaultFor,
  formatComponentBack,
  ResourceDefinition,
} from '@orchestra/api';
import { Logger } from '@orchestra/observability';
import { Informer } from '../informer';
import { ResourceClient } from '../resource-client';
import { ApiClient } from '../api-client';
import { ProcessFaults, signalProcessFaults } from './process-faults';

export interface ComponentChaosAgentOptions {
  component: ChaosComponent;
  client: ApiClient;
  logger: Logger;
  /**
   * The names this process answers to in a run's targets: the component's name, or a kubelet's
   * node names. Empty while the process is not the one a fault should hit (a follower).
   */
  names(): string[];
  /** Doing its job: leading with synced caches, serving, heartbeating. */
  isWorking(): boolean;
  /** When this process started (ms since the epoch). */
  startedAt?: number;
  faults?: ProcessFaults;
  now?: () => number;
  /** How often a pending back report checks `isWorking`. */
  reportPollMs?: number;
}

const definition = builtinResources.find((d) => d.kind === 'ChaosExperiment') as ResourceDefinition;

export class ComponentChaosAgent {
  private readonly experiments: Informer<ChaosExperiment>;
  private readonly client: ResourceClient<ChaosExperiment>;
  private readonly startedAt: number;
  private readonly now: () => number;
  private readonly faults: ProcessFaults;
  /** `<uid>/<run>` of the pauses this process already served. */
  private readonly paused = new Set<string>();
  /** `<uid>/<run>/<target>` of the back reports written or being written. */
  private readonly reported = new Set<string>();
  private pollTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: ComponentChaosAgentOptions) {
    this.client = options.client.resource<ChaosExperiment>(definition);
    this.experiments = new Informer<ChaosExperiment>(this.client, { logger: options.logger });
    this.startedAt = options.startedAt ?? Math.round(performance.timeOrigin);
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? signalProcessFaults;
    const check = () => this.check();
    this.experiments.addEventHandler({ onAdd: check, onUpdate: check });
  }

  start(): void {
    this.experiments.start();
  }

  /** Every ChaosExperiment as this process sees them (for its other chaos parts: queue-stall). */
  list(): ChaosExperiment[] {
    return this.experiments.lister.list();
  }

  /** Called on every change of an experiment. */
  onChange(listener: () => void): void {
    this.experiments.addEventHandler({ onAdd: listener, onUpdate: listener, onDelete: listener });
  }

  hasSynced(): boolean {
    return this.experiments.hasSynced();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    await this.experiments.stop();
  }

  /** Acts on every run in force for this process; called on each experiment change and by the poll. */
  check(): void {
    if (this.stopped) return;
    clearTimeout(this.pollTimer);
    let pending = false;
    const names = this.options.names();
    for (const experiment of this.experiments.lister.list()) {
      const fault = componentFaultFor(experiment, this.options.component, names);
      if (!fault) {
        // A run on this component, but not (yet) on this process: a restarted one that has not
        // taken its Lease back yet is looked at again, to report back once it leads.
        if (this.concernsComponent(experiment)) pending = true;
        continue;
      }
      if (this.hits(fault)) {
        void this.inject(fault);
        return;
      }
      if (this.reportBack(experiment, fault)) pending = true;
    }
    if (pending) this.pollTimer = setTimeout(() => this.check(), this.options.reportPollMs ?? 200);
  }

  private concernsComponent(experiment: ChaosExperiment): boolean {
    const phase = experiment.status?.phase;
    return (
      experiment.spec.component === this.options.component &&
      (phase === 'Injected' || phase === 'Recovering') &&
      componentFaultFor(experiment, this.options.component, affectedNames(experiment)) !== undefined
    );
  }

  /** Whether the fault is still to be carried out by this process. */
  private hits(fault: ComponentFault): boolean {
    if (this.startedAt >= fault.injectedAt) return false; // the restarted process
    if (fault.action === 'component-kill') return true;
    return !this.paused.has(`${fault.uid}/${fault.run}`) && this.now() < fault.until;
  }

  private async inject(fault: ComponentFault): Promise<void> {
    const fields = { experiment: fault.experiment, run: fault.run, targets: fault.targets };
    if (fault.action === 'component-kill') {
      this.options.logger.warn('chaos: killing this process (SIGKILL)', fields);
      this.faults.kill();
      return;
    }
    this.paused.add(`${fault.uid}/${fault.run}`);
    const ms = fault.until - this.now();
    this.options.logger.warn('chaos: pausing this process (SIGSTOP)', { ...fields, durationMs: ms });
    try {
      await this.faults.pauseUntil(fault.until);
      this.options.logger.info('chaos: this process runs again (SIGCONT)', fields);
    } catch (error) {
      this.options.logger.error('chaos: could not pause this process', { ...fields, error });
    }
    this.check();
  }

  /** Writes the back report once the process works again; true while one is still to come. */
  private reportBack(experiment: ChaosExperiment, fault: ComponentFault): boolean {
    if (this.now() < fault.until) return true; // not over yet: looked at again by the poll
    let pending = false;
    for (const target of fault.targets) {
      const key = `${fault.uid}/${fault.run}/${target}`;
      if (this.reported.has(key) || componentBackAt(experiment, { name: target }) !== undefined) continue;
      if (!this.options.isWorking()) {
        pending = true;
        continue;
      }
      this.reported.add(key);
      const [namespace, name] = fault.experiment.split('/');
      const annotations = { [componentBackAnnotation(target)]: formatComponentBack(fault.run, new Date()) };
      this.client
        .patch(name, namespace, { metadata: { annotations } }, 'merge')
        .then(() =>
          this.options.logger.info('chaos: reported back', { experiment: fault.experiment, target }),
        )
        .catch((error: unknown) => {
          this.reported.delete(key); // tried again on the next change or poll
          this.options.logger.warn('chaos: could not report back', { experiment: fault.experiment, error });
          this.pollTimer = setTimeout(() => this.check(), this.options.reportPollMs ?? 200);
        });
    }
    return pending;
  }
}

const affectedNames = (experiment: ChaosExperiment): string[] =>
  (experiment.status?.affected ?? []).map((a) => a.name);
