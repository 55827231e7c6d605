/**
 * syncPod, terminatePod and the final removal of the kubelet's pod workers
 * (pkg/kubelet/kubelet.go SyncPod, SyncTerminatingPod, pod_workers.go), for one pod at a time:
 * the pod workers guarantee that two syncs of one pod never overlap.
 *
 *  - a pod bound here: give it an IP, start each container that is not running, restart exited
 *    ones as the restart policy says (CrashLoopBackOff in between), write the status if it changed;
 *  - a pod with a deletionTimestamp: stop its containers within the grace period, then confirm
 *    with DELETE gracePeriodSeconds=0 (only then does the apiserver remove it);
 *  - a pod gone from the apiserver (or replaced by a new UID): stop and forget it.
 *
 * Probes (probe-manager.ts) run beside the syncs: their results set containers' started/ready,
 * and a failed liveness or startup probe makes the next sync kill the container, which is then
 * restarted as an exited one is (restart policy, CrashLoopBackOff).
 */
import { ApiError, builtinResources, type Pod, type ResourceDefinition } from '@orchestra/api';
import type { ApiClient, ResourceClient } from '@orchestra/client';
import { inChildSpan, type Logger } from '@orchestra/observability';
import { SimClock, systemClock } from '../runtime/clock';
import type { RuntimeContainerStatus } from '../runtime/container-runtime';
import { chaosFaultFor, chaosStressFor } from './chaos-fault';
import { ContainerBackoff } from './container-backoff';
import { ContainerStarter } from './container-starter';
import { hasConfigVolumes, syncPodConfig } from './pod-config-sync';
import { KeyedLock } from './keyed-lock';
import type { NodeContext } from './node-context';
import { containerIds, containerRecord, type ContainerRecord, type PodRecord } from './pod-record';
import { apiStatusDiffers, computePodStatus, kubeTime, sameStatus, terminatedState } from './pod-status';
import { ProbeManager, type KillingProbe } from './probe-manager';
import { SyncTrigger } from './sync-trigger';
import type { KubeletMetrics } from '../kubelet.metrics';

const podsDef = builtinResources.find((d) => d.kind === 'Pod') as ResourceDefinition;

export interface SyncResult {
  /** Sync this pod again after this long even if nothing changes (a back-off ending). */
  resyncAfterMs?: number;
}

export interface PodSyncerOptions {
  client: ApiClient;
  logger: Logger;
  metrics: KubeletMetrics;
  timeScale: number;
  now?: () => number;
  /** Probe periods and timeouts; defaults to the system clock at `timeScale`. */
  sim?: SimClock;
  /**
   * How often a pod's ConfigMaps and Secrets are read again (VOLUME_REFRESH_MS): an update
   * reaches its mounted volumes within 1.2 times this (reads are shared for a fifth of it).
   */
  configRefreshMs?: number;
}

export const DEFAULT_CONFIG_REFRESH_MS = 5_000;

export class PodSyncer {
  private readonly pods: ResourceClient<Pod>;
  private readonly records = new Map<string, PodRecord>();
  private readonly crashBackoff: ContainerBackoff;
  private readonly starter: ContainerStarter;
  private readonly now: () => number;
  private readonly lock = new KeyedLock();
  private readonly probes: ProbeManager;
  private readonly probeSyncs: SyncTrigger;
  private readonly configRefreshMs: number;

  constructor(private readonly options: PodSyncerOptions) {
    this.pods = options.client.resource<Pod>(podsDef);
    this.now = options.now ?? Date.now;
    this.crashBackoff = new ContainerBackoff(options.timeScale, this.now);
    this.configRefreshMs = options.configRefreshMs ?? DEFAULT_CONFIG_REFRESH_MS;
    this.starter = new ContainerStarter(
      new ContainerBackoff(options.timeScale, this.now),
      options.timeScale,
      this.now,
      this.configRefreshMs,
    );
    const sim = options.sim ?? new SimClock(systemClock, options.timeScale);
    this.probeSyncs = new SyncTrigger(this.lock, (node, key) => this.syncPod(node, key), options.logger);
    this.probes = new ProbeManager({
      sim,
      resync: (node, key, startedBy) => this.probeSyncs.fire(node, key, startedBy),
    });
  }

  /** The pods this kubelet runs (for the HTTP server, logs and metrics). */
  get running(): ReadonlyMap<string, PodRecord> {
    return this.records;
  }

  /** Stops every prober and probe-triggered sync (the kubelet shutting down, tests). */
  stop(): void {
    this.probeSyncs.stop();
    this.probes.stopAll();
  }

  /**
   * The node is gone (node-pool mode: its cloud instance was terminated): its containers die with
   * it and this kubelet forgets its pods, writing nothing (the machine is off; the control plane
   * learns from the missing heartbeats).
   */
  async forgetNode(node: NodeContext): Promise<void> {
    for (const record of [...this.records.values()])
      if (record.nodeName === node.name) await this.lock.run(record.key, () => this.remove(node, record, 0));
  }

  sync(node: NodeContext, key: string): Promise<SyncResult> {
    return this.lock.run(key, () => this.syncPod(node, key));
  }

  private async syncPod(node: NodeContext, key: string): Promise<SyncResult> {
    // A powered-off node does nothing; powering on syncs every pod of it again.
    if (node.poweredOff?.()) return {};
    const pod = node.pods.get(key);
    let record = this.records.get(key);
    if (record && (!pod || pod.metadata.uid !== record.uid)) {
      await this.remove(node, record, 0); // deleted (or replaced) behind our back: nothing to confirm
      record = undefined;
    }
    if (!pod || pod.spec.nodeName !== node.name) return {};
    if (pod.metadata.deletionTimestamp) {
      await this.terminate(node, pod, record);
      return {};
    }
    if (isTerminal(pod.status?.phase) && !record) return {}; // finished before this kubelet started
    record ??= this.admit(node, pod);
    // Say at once that the pod is being set up, before a slow image pull.
    await this.writeStatus(node, pod, record);
    const retries: number[] = [];
    if (!isTerminal(record.lastStatus?.phase)) {
      await syncPodConfig(
        node,
        pod,
        record,
        this.now(),
        this.configRefreshMs,
        this.starting(node, pod, record),
      );
      // Mounted ConfigMaps and Secrets follow their objects: looked at again once per refresh period.
      if (hasConfigVolumes(pod)) retries.push(this.configRefreshMs);
      for (const spec of pod.spec.containers) {
        const retry = await this.syncContainer(node, pod, record, spec.name);
        if (retry !== undefined) retries.push(retry);
      }
    }
    await this.writeStatus(node, pod, record);
    this.observeStart(record);
    return retries.length ? { resyncAfterMs: Math.min(...retries) } : {};
  }

  /** Is a container of the pod about to be (re)started? Its environment must then be read fresh. */
  private starting(node: NodeContext, pod: Pod, record: PodRecord): boolean {
    return pod.spec.containers.some((c) => {
      const id = record.containers.get(c.name)?.id;
      return !id || node.runtime.containerStatus(id)?.state.kind !== 'running';
    });
  }

  /** The pod that owns a container, for the runtime's exit notifications. */
  podOfContainer(id: string): PodRecord | undefined {
    for (const record of this.records.values()) if (containerIds(record).includes(id)) return record;
    return undefined;
  }

  private admit(node: NodeContext, pod: Pod): PodRecord {
    const uid = pod.metadata.uid!;
    const record: PodRecord = {
      key: `${pod.metadata.namespace}/${pod.metadata.name}`,
      uid,
      nodeName: node.name,
      podIP: node.ips.allocate(uid, pod.status?.podIP),
      firstSeenAt: this.now(),
      containers: new Map(),
    };
    this.records.set(record.key, record);
    return record;
  }

  /** Returns the delay before the container should be looked at again, if any. */
  private async syncContainer(
    node: NodeContext,
    pod: Pod,
    record: PodRecord,
    name: string,
  ): Promise<number | undefined> {
    const spec = pod.spec.containers.find((c) => c.name === name)!;
    const container = containerRecord(record, name);
    let live = container.id ? node.runtime.containerStatus(container.id) : undefined;
    const failedProbe = live?.state.kind === 'running' ? this.probes.failure(record.uid, name) : undefined;
    if (live && failedProbe) live = await this.killUnhealthy(node, pod, record, container, live, failedProbe);
    const chaos = chaosFaultFor(pod, name, live?.state, this.now());
    if (chaos?.kind === 'kill' && live) live = await this.killByChaos(node, pod, live, 'container-kill');
    if (chaos?.kind === 'fail') return this.holdFailed(node, pod, container, live, chaos.untilMs);
    if (live?.state.kind === 'running') {
      // cpu-stress, memory-stress: set (or ended) on every sync; looked at again when it ends.
      const stress = chaosStressFor(pod, name, live.state, this.now());
      node.runtime.stressContainer(live.id, stress);
      return stress && Math.max(1, stress.untilMs - this.now());
    }
    if (live && live.state.kind !== 'exited') return undefined; // created: nothing to do
    if (live?.state.kind === 'exited') {
      const restart = container.killedByProbe
        ? pod.spec.restartPolicy !== 'Never'
        : shouldRestart(pod.spec.restartPolicy, live.state.exitCode);
      if (!restart) return undefined;
      const backoffKey = `${record.uid}/${name}`;
      const left = this.crashBackoff.remaining(backoffKey, live.state.finishedAt);
      if (left > 0) {
        const seconds = Math.round((this.crashBackoff.delayOf(backoffKey) * this.options.timeScale) / 1000);
        const where = `${pod.metadata.name}_${pod.metadata.namespace}(${record.uid})`;
        container.waiting = {
          reason: 'CrashLoopBackOff',
          message: `back-off ${seconds}s restarting failed container=${name} pod=${where}`,
        };
        void node.events.warning(
          pod,
          'BackOff',
          `Back-off restarting failed container ${name} in pod ${where}`,
        );
        return left;
      }
      this.crashBackoff.next(backoffKey, live.state.finishedAt);
      await this.retire(node, container, live);
    } else if (!container.id) {
      container.waiting ??= { reason: 'ContainerCreating' };
    }
    if (record.volumeError) {
      // Its volumes cannot be set up: the container is not created (Kubernetes' WaitForAttachAndMount).
      container.waiting = { reason: 'ContainerCreating' };
      void node.events.warning(pod, 'FailedMount', record.volumeError);
      return this.configRefreshMs;
    }
    return (await this.starter.start(node, pod, record, spec, container)).retryAfterMs;
  }

  /**
   * computePodActions' liveness (or startup) failure: kill the container within the grace period
   * (the probe's terminationGracePeriodSeconds, else the pod's) so it can be restarted.
   */
  private async killUnhealthy(
    node: NodeContext,
    pod: Pod,
    record: PodRecord,
    container: ContainerRecord,
    live: RuntimeContainerStatus,
    probe: KillingProbe,
  ): Promise<RuntimeContainerStatus | undefined> {
    const restart = pod.spec.restartPolicy !== 'Never';
    const why = `Container ${container.name} failed ${probe} probe`;
    void node.events.normal(pod, 'Killing', restart ? `${why}, will be restarted` : why);
    const spec = pod.spec.containers.find((c) => c.name === container.name);
    const probeSpec = probe === 'liveness' ? spec?.livenessProbe : spec?.startupProbe;
    const grace = probeSpec?.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    container.killedByProbe = true;
    this.probes.forget(record.uid, container.name);
    await node.runtime.stopContainer(live.id, grace * 1000);
    return node.runtime.containerStatus(live.id);
  }

  /** A chaos experiment's kill: SIGKILL at once, as a crash or the OOM killer (exit 137). */
  private async killByChaos(
    node: NodeContext,
    pod: Pod,
    live: RuntimeContainerStatus,
    action: 'container-kill' | 'pod-failure',
  ): Promise<RuntimeContainerStatus | undefined> {
    void node.events.warning(pod, 'Killing', `Container ${live.name} killed by chaos experiment (${action})`);
    await node.runtime.killContainer(live.id, `killed by SIGKILL (chaos ${action})`);
    return node.runtime.containerStatus(live.id);
  }

  /**
   * pod-failure: the container is killed and kept down (not Ready, out of its Services' endpoints)
   * until the failure ends, then restarted as a crashed one; the sync comes back at that time.
   */
  private async holdFailed(
    node: NodeContext,
    pod: Pod,
    container: ContainerRecord,
    live: RuntimeContainerStatus | undefined,
    untilMs: number,
  ): Promise<number> {
    if (live?.state.kind === 'running') live = await this.killByChaos(node, pod, live, 'pod-failure');
    // Retired at once, so the status shows it terminated (lastState) and the pod stays Running.
    if (live?.state.kind === 'exited') await this.retire(node, container, live);
    container.waiting = {
      reason: 'RunContainerError',
      message: `chaos pod-failure: container held down until ${new Date(untilMs).toISOString()}`,
    };
    return Math.max(1, untilMs - this.now());
  }

  /** The exited container becomes the previous one (lastState, `logs --previous`); the one before goes. */
  private async retire(node: NodeContext, container: ContainerRecord, live: RuntimeContainerStatus) {
    if (container.previousId) await node.runtime.removeContainer(container.previousId).catch(() => undefined);
    container.previousId = container.id;
    container.lastTerminated = terminatedState(live);
    container.id = undefined;
    container.killedByProbe = undefined;
  }

  private async terminate(node: NodeContext, pod: Pod, record: PodRecord | undefined): Promise<void> {
    if (record && !record.terminating) {
      record.terminating = true;
      this.probes.forget(record.uid);
      const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      await this.stopContainers(node, pod, record, grace * 1000);
    }
    try {
      // The kubelet's confirmation: only now does the apiserver remove the pod.
      await (node.podsApi ?? this.pods).delete(pod.metadata.name!, pod.metadata.namespace, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (error) {
      if (!(error instanceof ApiError && (error.code === 404 || error.code === 409))) throw error;
    }
    if (record) await this.remove(node, record, 0);
  }

  private async stopContainers(node: NodeContext, pod: Pod | undefined, record: PodRecord, graceMs: number) {
    await Promise.all(
      [...record.containers.values()].map(async (container) => {
        const live = container.id ? node.runtime.containerStatus(container.id) : undefined;
        if (!live || live.state.kind === 'exited') return;
        if (pod) void node.events.normal(pod, 'Killing', `Stopping container ${container.name}`);
        await node.runtime.stopContainer(live.id, graceMs);
      }),
    );
  }

  /** Stops whatever still runs, removes the containers, frees the IP and forgets the pod. */
  private async remove(node: NodeContext, record: PodRecord, graceMs: number): Promise<void> {
    this.probes.forget(record.uid);
    await this.stopContainers(node, undefined, record, graceMs);
    for (const id of containerIds(record)) await node.runtime.removeContainer(id).catch(() => undefined);
    node.ips.release(record.uid);
    this.crashBackoff.forget(`${record.uid}/`);
    this.records.delete(record.key);
  }

  private async writeStatus(node: NodeContext, pod: Pod, record: PodRecord): Promise<void> {
    // Probers follow the container instances the status is about to report.
    this.probes.update(node, pod.spec.containers, record);
    const status = computePodStatus({
      pod,
      record,
      runtimeStatus: (id) => node.runtime.containerStatus(id),
      isReady: (name) => this.probes.isReady(record.uid, name),
      isStarted: (name) => this.probes.isStarted(record.uid, name),
      hostIP: node.address,
      previous: record.lastStatus,
      now: kubeTime(this.now()),
    });
    if (sameStatus(status, record.lastStatus ?? pod.status) && !apiStatusDiffers(status, pod.status)) {
      record.lastStatus ??= status;
      return;
    }
    // Partitioned: the status manager keeps it (lastStatus unchanged) and writes it after the heal,
    // while the pod's containers go on being synced.
    if (node.partitioned?.()) return;
    const ready = isReady(status);
    const attributes = {
      'k8s.namespace.name': pod.metadata.namespace ?? 'default',
      'k8s.pod.name': pod.metadata.name ?? '',
      'k8s.node.name': node.name,
      'k8s.pod.status.phase': status.phase ?? '',
      'kubelet.pod.ready': ready,
    };
    await inChildSpan('update pod status', attributes, async (span) => {
      // A merge patch of the status subresource; the uid makes it fail on a pod of the same name.
      await (node.podsApi ?? this.pods).patchStatus(
        pod.metadata.name!,
        pod.metadata.namespace,
        { metadata: { uid: record.uid }, status },
        'merge',
      );
      if (ready && !isReady(record.lastStatus ?? pod.status)) span.addEvent('pod ready');
    });
    record.lastStatus = status;
    this.options.metrics.statusWrites.inc();
  }

  private observeStart(record: PodRecord): void {
    if (record.startObserved || record.lastStatus?.phase !== 'Running') return;
    if (!record.lastStatus.containerStatuses?.every((c) => c.state?.running)) return;
    record.startObserved = true;
    this.options.metrics.podStartDuration.observe((this.now() - record.firstSeenAt) / 1000);
  }
}

function isReady(status: Pod['status'] | undefined): boolean {
  return !!status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

function isTerminal(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

function shouldRestart(policy: Pod['spec']['restartPolicy'], exitCode: number): boolean {
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return exitCode !== 0;
  return true;
}
