/**
 * The kubelet's prober manager (pkg/kubelet/prober/prober_manager.go) for the pods of this
 * process: one ContainerProber per running container instance that declares probes, started
 * when the pod worker sees the instance running and stopped when it exits, is stopped, or is
 * replaced by a restart (a new instance starts over: startup gating, readiness Failure first).
 *
 * It holds what the pod status reads (started, ready) and what the pod worker acts on (a failed
 * liveness or startup probe: kill and restart). Every change asks for a sync of the pod; every
 * failed probe becomes the kubelet's `Unhealthy` Warning event.
 */
import type { Container } from '@orchestra/api';
import { activeTraceparent, detachedFromTrace } from '@orchestra/observability';
import type { SimClock } from '../runtime/clock';
import { ContainerProber, type ProberEvent } from '../probes/container-prober';
import { ProbeRunner } from '../probes/probe-runner';
import type { NodeContext } from './node-context';
import type { PodRecord } from './pod-record';

export type KillingProbe = 'liveness' | 'startup';

interface ProbedContainer {
  containerId: string;
  /** The pod sync that started the prober (its results' syncs link to it). */
  startedBy?: string;
  prober?: ContainerProber;
  /** The liveness or startup probe failed: the pod worker must kill this instance. */
  failed?: KillingProbe;
}

export interface ProbeManagerOptions {
  sim: SimClock;
  /**
   * Probe results changed what the pod's sync would do or report. `startedBy`: the traceparent
   * of the sync that started the prober, to link to (the results' syncs are traces of their own).
   */
  resync: (node: NodeContext, key: string, startedBy?: string) => void;
}

export class ProbeManager {
  /** `<pod uid>/<container name>` → the prober of the container's current instance. */
  private readonly probed = new Map<string, ProbedContainer>();
  /** Set while a prober starts: its first results are read by the sync that started it. */
  private starting = false;
  private stopped = false;

  constructor(private readonly options: ProbeManagerOptions) {}

  /** Starts probers for running instances that declare probes; stops those of instances gone. */
  update(node: NodeContext, containers: Container[], record: PodRecord): void {
    if (this.stopped) return;
    for (const spec of containers) {
      const key = `${record.uid}/${spec.name}`;
      const id = record.containers.get(spec.name)?.id;
      const state = id ? node.runtime.containerStatus(id)?.state : undefined;
      const running = state?.kind === 'running' && !record.terminating;
      const current = this.probed.get(key);
      if (current && (!running || current.containerId !== id)) this.stop(key);
      if (running && id && !this.probed.has(key) && hasProbes(spec))
        this.start(node, spec, record, key, id, state.startedAt);
    }
  }

  /** containerStatuses[].started of a running container: true without a startup probe. */
  isStarted(uid: string, name: string): boolean {
    return this.probed.get(`${uid}/${name}`)?.prober?.started ?? true;
  }

  /** containerStatuses[].ready of a running container: true without probes. */
  isReady(uid: string, name: string): boolean {
    return this.probed.get(`${uid}/${name}`)?.prober?.ready ?? true;
  }

  /** The probe whose failure means this container instance must be killed, if any. */
  failure(uid: string, name: string): KillingProbe | undefined {
    return this.probed.get(`${uid}/${name}`)?.failed;
  }

  /** Stops probing one container (it is about to be stopped) or, without a name, a whole pod. */
  forget(uid: string, name?: string): void {
    const prefix = name === undefined ? `${uid}/` : `${uid}/${name}`;
    for (const key of [...this.probed.keys()]) {
      if (name === undefined ? key.startsWith(prefix) : key === prefix) this.stop(key);
    }
  }

  /** For good: the kubelet is shutting down. */
  stopAll(): void {
    this.stopped = true;
    for (const key of [...this.probed.keys()]) this.stop(key);
  }

  private start(
    node: NodeContext,
    spec: Container,
    record: PodRecord,
    key: string,
    containerId: string,
    startedAt: number,
  ): void {
    const { sim } = this.options;
    const entry: ProbedContainer = { containerId, startedBy: activeTraceparent() };
    this.probed.set(key, entry);
    entry.prober = new ContainerProber({
      containerName: spec.name,
      specs: {
        livenessProbe: spec.livenessProbe,
        readinessProbe: spec.readinessProbe,
        startupProbe: spec.startupProbe,
      },
      target: {
        containerId,
        podIP: record.podIP,
        ports: (spec.ports ?? []).map(({ containerPort, protocol, name }) => ({
          containerPort,
          protocol,
          name,
        })),
      },
      runner: new ProbeRunner(node.runtime, sim),
      sim,
      startedAt,
      onEvent: (event) => this.onEvent(node, record.key, key, entry, event),
    });
    this.starting = true;
    try {
      // Started by a pod sync, but background work: its timers must not carry the sync's span.
      detachedFromTrace(() => entry.prober!.start());
    } finally {
      this.starting = false;
    }
  }

  private stop(key: string): void {
    const entry = this.probed.get(key);
    this.probed.delete(key);
    entry?.prober?.stop();
  }

  private onEvent(
    node: NodeContext,
    podKey: string,
    key: string,
    entry: ProbedContainer,
    event: ProberEvent,
  ) {
    // A stopped prober's last words (its final "not ready"), or a probe of a container that has
    // just exited and whose sync has not run yet: neither says anything about a live container.
    if (this.probed.get(key) !== entry) return;
    if (node.runtime.containerStatus(entry.containerId)?.state.kind !== 'running') return;
    if (event.kind === 'unhealthy') {
      const pod = node.pods.get(podKey);
      if (pod) void node.events.warning(pod, 'Unhealthy', event.message);
      return;
    }
    if (event.kind === 'restart') entry.failed = event.probe;
    if (!this.starting) this.options.resync(node, podKey, entry.startedBy);
  }
}

function hasProbes(spec: Container): boolean {
  return !!(spec.livenessProbe || spec.readinessProbe || spec.startupProbe);
}
