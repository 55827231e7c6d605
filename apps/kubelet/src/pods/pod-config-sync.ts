/**
 * Keeps a pod's ConfigMaps, Secrets and volume files current (the kubelet's configmap and secret
 * managers and its volume manager's remount): the objects are read again when the last read is
 * older than the refresh period, or when a container is about to start (its environment must be
 * fresh), and the volumes' files are swapped at once. A running container's whole-volume mounts
 * see the new files; its environment never changes, as in Kubernetes. A volume that cannot be set
 * up keeps its last files for containers already running, and holds the others in
 * ContainerCreating.
 */
import type { Pod } from '@orchestra/api';
import { hasConfigReferences, noConfigObjects, readConfigObjects } from '../config/config-objects';
import { podVolumeFiles, VolumeMountError } from '../config/volume-files';
import type { NodeContext } from './node-context';
import type { PodRecord } from './pod-record';

/** Re-reads the pod's objects if stale (or `force`), then recomputes its volumes. */
export async function syncPodConfig(
  node: NodeContext,
  pod: Pod,
  record: PodRecord,
  now: number,
  refreshMs: number,
  force: boolean,
): Promise<void> {
  if (!hasConfigReferences(pod)) {
    if (pod.spec.volumes?.length && !record.volumes)
      record.volumes = podVolumeFiles(pod, noConfigObjects(pod.metadata.namespace ?? 'default'));
    return;
  }
  if (!node.configObjects) return;
  // Only the environment refers to them and no container is starting: nothing would use a read.
  if (!force && !hasConfigVolumes(pod)) return;
  const stale = !record.config || now - record.config.readAt >= refreshMs;
  if (!stale && !force) return;
  record.config = await readConfigObjects(node.configObjects, pod, record.config, now);
  try {
    record.volumes = podVolumeFiles(pod, record.config);
    record.volumeError = undefined;
  } catch (error) {
    if (!(error instanceof VolumeMountError)) throw error;
    record.volumeError = error.message;
  }
}

/** Does the pod have volumes whose files follow their objects (and so a periodic refresh)? */
export function hasConfigVolumes(pod: Pod): boolean {
  return (pod.spec.volumes ?? []).some((v) => v.configMap || v.secret || v.projected);
}
