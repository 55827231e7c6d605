/**
 * Which workloads control a pod: the chain of controller ownerReferences from the pod up
 * (pod → ReplicaSet → Deployment, pod → Job → CronJob, pod → StatefulSet or DaemonSet), each
 * link checked against the cache by uid, so a recreated owner of the same name is not taken for
 * the old one. What `spec.selector.workload` and the steady state of a run are resolved with.
 */
import { ChaosWorkloadSelector, Job, ObjectMeta, Pod, ReplicaSet } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { getControllerOf } from '../controller-utils';

export interface WorkloadOwnerListers {
  /** A Deployment's pods are its ReplicaSets' pods. */
  replicaSets?: Lister<ReplicaSet>;
  /** A CronJob's pods are its Jobs' pods. */
  jobs?: Lister<Job>;
}

/** A controller of a pod, directly or through its controller. */
export interface WorkloadRef {
  kind: string;
  name: string;
  /** `namespace/name`: the pod's namespace, as ownerReferences never cross namespaces. */
  key: string;
  uid?: string;
}

/** Kinds whose own controller is followed one step further, with the lister that holds them. */
const intermediate: Record<string, keyof WorkloadOwnerListers> = { ReplicaSet: 'replicaSets', Job: 'jobs' };

export class WorkloadOwners {
  constructor(private readonly listers: WorkloadOwnerListers = {}) {}

  /** The pod's controllers, nearest first: `[ReplicaSet web-5d8f, Deployment web]`. */
  controllersOf(pod: { metadata: ObjectMeta }): WorkloadRef[] {
    const namespace = pod.metadata.namespace ?? 'default';
    const chain: WorkloadRef[] = [];
    let ref = getControllerOf(pod);
    // Two links at most: pod → ReplicaSet/Job → Deployment/CronJob.
    for (let depth = 0; ref && depth < 2; depth++) {
      const key = `${namespace}/${ref.name}`;
      chain.push({ kind: ref.kind, name: ref.name, key, uid: ref.uid });
      const lister = intermediate[ref.kind] && this.listers[intermediate[ref.kind]];
      const owner = lister?.get(key);
      if (!owner || (ref.uid && owner.metadata.uid !== ref.uid)) break;
      ref = getControllerOf(owner);
    }
    return chain;
  }

  /** The pod's nearest controller of `kind`, if any. */
  controllerOfKind(pod: Pod, kind: string): WorkloadRef | undefined {
    return this.controllersOf(pod).find((ref) => ref.kind === kind);
  }

  /** Whether `workload` controls the pod (in the pod's namespace). */
  controls(workload: ChaosWorkloadSelector, pod: Pod): boolean {
    return this.controllersOf(pod).some((ref) => ref.kind === workload.kind && ref.name === workload.name);
  }
}
