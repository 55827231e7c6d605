/**
 * The steady state of a run (by default, as the issue declares it): every Deployment owning a
 * targeted pod has its desired replicas available, every StatefulSet its desired replicas ready,
 * every DaemonSet a ready pod on each node that should run one, every Job as many active and
 * succeeded pods as before the run (or it completed), and every Service selecting those pods has
 * as many ready endpoints as before the run. Read from the informer caches.
 *  - `showsLoss`: the cluster reports the damage (a workload's status short of available or ready
 *    replicas, a Service short of ready endpoints): the moment of detection.
 *  - `holds`: the pods are back (counted in the cache, not only as reported) and so are the
 *    reports; together with `faultLanded` it marks recovery.
 */
import {
  ChaosAffectedObject,
  ChaosExperiment,
  ChaosSteadyState,
  componentBackAt,
  DaemonSet,
  Deployment,
  Endpoints,
  isComponentChaosAction,
  Job,
  labelSelectorMatches,
  ObjectMeta,
  Pod,
  ReplicaSet,
  Service,
} from '@orchestra/api';
import { Lister, objectKey } from '@orchestra/client';
import { getControllerOf, isPodReady } from '../controller-utils';
import { WorkloadOwners } from './workload-owners';

/** What the steady state reads of a StatefulSet (apps/v1): its desired and ready replicas. */
export interface ReplicatedWorkload {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { replicas?: number };
  status?: { readyReplicas?: number };
}

export interface SteadyStateListers {
  pods: Lister<Pod>;
  replicaSets: Lister<ReplicaSet>;
  deployments: Lister<Deployment>;
  services: Lister<Service>;
  endpoints: Lister<Endpoints>;
  /** The kinds below are optional: a run on their pods is judged by them only when they are given. */
  statefulSets?: Lister<ReplicatedWorkload>;
  daemonSets?: Lister<DaemonSet>;
  jobs?: Lister<Job>;
}

export interface SteadyStateReport {
  showsLoss: boolean;
  holds: boolean;
  /** What is short, for the status message: `deployment demo/web: 2/3 available`. */
  short: string[];
}

export class SteadyState {
  /** The latest GET through the apiserver the chaos controller timed (store-latency), in seconds. */
  private apiLatencySeconds?: number;
  /** The latest depths of the stalled queues the chaos controller read (queue-stall). */
  private queueDepths?: Map<string, number>;

  private readonly owners: WorkloadOwners;

  constructor(private readonly listers: SteadyStateListers) {
    this.owners = new WorkloadOwners({ replicaSets: listers.replicaSets, jobs: listers.jobs });
  }

  /** The queues' depths; undefined forgets the last ones. */
  observeQueueDepths(depths: Map<string, number> | undefined): void {
    this.queueDepths = depths;
  }

  /** A probe's latency; undefined forgets the last one (a probe from before the fault's end proves nothing). */
  observeApiLatency(seconds: number | undefined): void {
    this.apiLatencySeconds = seconds;
  }

  /** What a run on `targets` is checked against, taken just before it is injected. */
  /**
   * Pods hit: the Deployments, StatefulSets, DaemonSets and Jobs controlling them and the Services
   * selecting them; Services hit (http-fault): themselves.
   */
  baseline(pods: readonly Pod[], hitServices: readonly Service[] = []): ChaosSteadyState {
    const owned: Record<'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job', Set<string>> = {
      Deployment: new Set(),
      StatefulSet: new Set(),
      DaemonSet: new Set(),
      Job: new Set(),
    };
    const services = new Map<string, number>();
    for (const service of hitServices)
      services.set(objectKey(service), this.readyEndpoints(objectKey(service)));
    for (const pod of pods) {
      for (const ref of this.owners.controllersOf(pod))
        if (ref.kind in owned) owned[ref.kind as keyof typeof owned].add(ref.key);
      for (const service of this.listers.services.list(pod.metadata.namespace)) {
        const selector = service.spec?.selector;
        if (!selector || Object.keys(selector).length === 0) continue;
        if (!labelSelectorMatches({ matchLabels: selector }, pod.metadata.labels)) continue;
        services.set(objectKey(service), this.readyEndpoints(objectKey(service)));
      }
    }
    const jobs = [...owned.Job]
      .sort()
      .map((key) => ({ key, activeAndSucceeded: this.activeAndSucceeded(key) }));
    return {
      deployments: [...owned.Deployment].sort(),
      // Always written (empty or not): the status is merge-patched, and a scheduled experiment's
      // next run must not inherit the previous run's workloads.
      statefulSets: this.listers.statefulSets ? [...owned.StatefulSet].sort() : [],
      daemonSets: this.listers.daemonSets ? [...owned.DaemonSet].sort() : [],
      jobs: this.listers.jobs ? jobs : [],
      services: [...services].sort().map(([key, readyEndpoints]) => ({ key, readyEndpoints })),
    };
  }

  check(baseline: ChaosSteadyState): SteadyStateReport {
    const short: string[] = [];
    let showsLoss = false;
    let holds = true;
    for (const key of baseline.deployments) {
      const deployment = this.listers.deployments.get(key);
      if (!deployment) continue; // deleted meanwhile: nothing left to hold
      const desired = deployment.spec.replicas ?? 1;
      const reported = deployment.status?.availableReplicas ?? 0;
      const ready = this.readyPodsOf(deployment);
      if (reported < desired) showsLoss = true;
      if (reported < desired || ready < desired) {
        holds = false;
        short.push(`deployment ${key}: ${Math.min(reported, ready)}/${desired} available`);
      }
    }
    for (const problem of this.checkWorkloads(baseline)) {
      if (problem.reported) showsLoss = true;
      holds = false;
      short.push(problem.short);
    }
    if (baseline.apiserver) {
      const latency = this.apiLatencySeconds;
      if (latency === undefined || latency >= baseline.apiserver.boundSeconds) holds = false;
      if (latency !== undefined && latency >= baseline.apiserver.boundSeconds) {
        showsLoss = true;
        short.push(
          `apiserver: a GET took ${latency.toFixed(3)}s (bound ${baseline.apiserver.boundSeconds}s)`,
        );
      }
    }
    for (const { name, waitingBefore } of baseline.queues ?? []) {
      const depth = this.queueDepths?.get(name);
      if (depth === undefined || depth > waitingBefore) holds = false;
      if (depth !== undefined && depth > waitingBefore) {
        showsLoss = true;
        short.push(`queue ${name}: ${depth} jobs waiting (${waitingBefore} before)`);
      }
    }
    for (const { key, readyEndpoints } of baseline.services) {
      const ready = this.readyEndpoints(key);
      if (ready < readyEndpoints) {
        showsLoss = true;
        holds = false;
        short.push(`service ${key}: ${ready}/${readyEndpoints} ready endpoints`);
      }
    }
    return { showsLoss, holds, short };
  }

  /**
   * Whether the fault visibly happened, so that a steady state read from caches that do not show
   * it yet is not taken for a recovery: a killed pod is gone (or terminating); a killed or failed
   * container restarted (or its pod is gone); a killed or paused component reported back for the
   * run (it was hit, and it works again).
   */
  faultLanded(experiment: ChaosExperiment, affected: readonly ChaosAffectedObject[]): boolean {
    if (isComponentChaosAction(experiment.spec.action))
      return affected.every((target) => componentBackAt(experiment, target) !== undefined);
    return affected.every((target) => {
      if (target.kind !== 'Pod') return true; // a Service's fault lands the moment it is in
      const pod = this.listers.pods.get(`${target.namespace}/${target.name}`);
      if (!pod || pod.metadata.uid !== target.uid) return true;
      // Stress shows in the metrics, not in the pod (an OOM kill it causes shows as a loss).
      if (experiment.spec.action === 'cpu-stress' || experiment.spec.action === 'memory-stress') return true;
      // A killed or drained pod shows the fault by terminating.
      if (experiment.spec.action === 'pod-kill' || experiment.spec.action === 'node-drain')
        return !!pod.metadata.deletionTimestamp;
      return restartsOf(pod, target.containerNames) > (target.restartCount ?? 0);
    });
  }

  /**
   * What is short in the StatefulSets, DaemonSets and Jobs of the baseline: each compared both as
   * its controller reports it (`reported`: the loss is visible, detection) and as the pod cache
   * counts it, so a status a moment behind the pods is not taken for a recovery.
   */
  private checkWorkloads(baseline: ChaosSteadyState): { short: string; reported: boolean }[] {
    const problems: { short: string; reported: boolean }[] = [];
    for (const key of baseline.statefulSets ?? []) {
      const set = this.listers.statefulSets?.get(key);
      if (!set) continue; // deleted meanwhile: nothing left to hold
      const desired = set.spec.replicas ?? 1;
      const reported = set.status?.readyReplicas ?? 0;
      const ready = this.readyPodsControlledBy(set.metadata);
      if (reported < desired || ready < desired)
        problems.push({
          short: `statefulset ${key}: ${Math.min(reported, ready)}/${desired} ready`,
          reported: reported < desired,
        });
    }
    for (const key of baseline.daemonSets ?? []) {
      const set = this.listers.daemonSets?.get(key);
      if (!set) continue;
      const desired = set.status?.desiredNumberScheduled ?? 0;
      const reported = set.status?.numberReady ?? 0;
      const ready = this.readyPodsControlledBy(set.metadata);
      if (reported < desired || ready < desired)
        problems.push({
          short: `daemonset ${key}: ${Math.min(reported, ready)}/${desired} ready`,
          reported: reported < desired,
        });
    }
    for (const { key, activeAndSucceeded } of baseline.jobs ?? []) {
      const job = this.listers.jobs?.get(key);
      // Deleted, or complete (its pods all done, whatever the fault took): nothing left to hold.
      if (!job || job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True')) continue;
      const reported = this.activeAndSucceeded(key);
      const live = this.livePodsControlledBy(job.metadata) + (job.status?.succeeded ?? 0);
      if (reported < activeAndSucceeded || live < activeAndSucceeded)
        problems.push({
          short: `job ${key}: ${Math.min(reported, live)}/${activeAndSucceeded} active or succeeded`,
          reported: reported < activeAndSucceeded,
        });
    }
    return problems;
  }

  private activeAndSucceeded(jobKey: string): number {
    const status = this.listers.jobs?.get(jobKey)?.status;
    return (status?.active ?? 0) + (status?.succeeded ?? 0);
  }

  /** Pods the owner controls directly, not terminating and Ready. */
  private readyPodsControlledBy(owner: ObjectMeta): number {
    return this.podsControlledBy(owner).filter((pod) => isPodReady(pod)).length;
  }

  /** Pods the owner controls directly, not terminating and not finished: a Job's active pods. */
  private livePodsControlledBy(owner: ObjectMeta): number {
    return this.podsControlledBy(owner).filter(
      (pod) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed',
    ).length;
  }

  private podsControlledBy(owner: ObjectMeta): Pod[] {
    return this.listers.pods
      .byIndex('ownerUid', owner.uid ?? '')
      .filter((pod) => getControllerOf(pod)?.uid === owner.uid && !pod.metadata.deletionTimestamp);
  }

  private readyPodsOf(deployment: Deployment): number {
    const replicaSets = new Set(
      this.listers.replicaSets
        .byIndex('ownerUid', deployment.metadata.uid ?? '')
        .map((rs) => rs.metadata.uid),
    );
    return this.listers.pods
      .list(deployment.metadata.namespace)
      .filter((pod) => replicaSets.has(getControllerOf(pod)?.uid))
      .filter((pod) => !pod.metadata.deletionTimestamp && isPodReady(pod)).length;
  }

  /**
   * Ready addresses whose pod is still there and not terminating: an Endpoints object a moment
   * behind a scale-down still lists the leaving pod, and a baseline counting it could never be
   * reached again.
   */
  private readyEndpoints(key: string): number {
    const endpoints = this.listers.endpoints.get(key);
    return (endpoints?.subsets ?? []).reduce(
      (n, subset) => n + (subset.addresses ?? []).filter((address) => this.livePod(address.targetRef)).length,
      0,
    );
  }

  private livePod(
    ref: { kind?: string; namespace?: string; name?: string; uid?: string } | undefined,
  ): boolean {
    if (ref?.kind !== 'Pod') return true; // not a pod's address: nothing to check it against
    const pod = this.listers.pods.get(`${ref.namespace}/${ref.name}`);
    return !!pod && (!ref.uid || pod.metadata.uid === ref.uid) && !pod.metadata.deletionTimestamp;
  }
}

/** The restarts of the named containers (all of them when none are named). */
export function restartsOf(pod: Pod, containerNames: readonly string[] | undefined): number {
  return (pod.status?.containerStatuses ?? [])
    .filter((c) => !containerNames?.length || containerNames.includes(c.name))
    .reduce((n, c) => n + (c.restartCount ?? 0), 0);
}
