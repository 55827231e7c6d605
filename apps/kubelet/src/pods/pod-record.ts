/**
 * What the kubelet remembers about a pod it runs (the runtime cache plus the pod worker's own
 * bookkeeping): its sandbox IP, and per container the live container, the last exited one (kept
 * for `kubectl logs --previous`), the attempt count and why it is waiting.
 */
import type { ContainerStateTerminated, PodStatus } from '@orchestra/api';
import type { ConfigObjects } from '../config/config-objects';
import type { VolumeFiles } from '../runtime/mounted-files';

export type WaitingReason =
  | 'ContainerCreating'
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'ErrImageNeverPull'
  | 'InvalidImageName'
  | 'CrashLoopBackOff'
  | 'CreateContainerConfigError'
  | 'CreateContainerError'
  | 'RunContainerError';

export interface ContainerRecord {
  name: string;
  /** The live container (created, running, or exited and not yet replaced). */
  id?: string;
  /** The container before it: what `--previous` shows. */
  previousId?: string;
  /** Containers created so far; restartCount is one less. */
  attempts: number;
  imageRef?: string;
  waiting?: { reason: WaitingReason; message?: string };
  lastTerminated?: ContainerStateTerminated;
  /** When the last image pull failed (the start of its ImagePullBackOff). */
  pullFailedAt?: number;
  /**
   * The live container was killed after a failed liveness or startup probe: it is restarted
   * whatever its exit code (a web server exits 0 on SIGTERM), unless restartPolicy is Never.
   */
  killedByProbe?: boolean;
}

export interface PodRecord {
  key: string;
  uid: string;
  nodeName: string;
  podIP: string;
  /** When this kubelet first saw the pod: status.startTime, and the start of pod start duration. */
  firstSeenAt: number;
  containers: Map<string, ContainerRecord>;
  /** The status last written (or read) for the pod: a write happens only when it differs. */
  lastStatus?: PodStatus;
  /** Set once every container ran: kubelet_pod_start_duration_seconds is observed once. */
  startObserved?: boolean;
  terminating?: boolean;
  /** The ConfigMaps and Secrets the pod refers to, as last read. */
  config?: ConfigObjects;
  /** The files of its configMap, secret, projected and emptyDir volumes, by volume name. */
  volumes?: Map<string, VolumeFiles>;
  /** Why its volumes cannot be set up (FailedMount): its containers wait in ContainerCreating. */
  volumeError?: string;
}

export function containerRecord(record: PodRecord, name: string): ContainerRecord {
  let container = record.containers.get(name);
  if (!container) {
    container = { name, attempts: 0 };
    record.containers.set(name, container);
  }
  return container;
}

/** Every container id the pod still holds in the runtime (live and previous). */
export function containerIds(record: PodRecord): string[] {
  return [...record.containers.values()]
    .flatMap((c) => [c.id, c.previousId])
    .filter((id): id is string => !!id);
}
