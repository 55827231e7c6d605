/**
 * Fields the server owns (uid, creationTimestamp, generation, status) and how they are set on
 * create and carried over on update, as Kubernetes' rest.BeforeCreate/BeforeUpdate and the
 * per-kind PrepareForCreate/PrepareForUpdate do.
 */
import { randomUUID } from 'node:crypto';
import { KubeObject, Pod, ResourceDefinition } from '@orchestra/api';
import { podQosClass } from './pod-qos';

/** RFC 3339 with second precision, as Kubernetes serializes metav1.Time. */
export const kubeTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Kinds whose status the client may set on create (the kubelet registers a Node with its status). */
const statusKeptOnCreate = new Set(['Node', 'Event', 'Lease']);

export function prepareForCreate(def: ResourceDefinition, object: KubeObject, now: Date): void {
  const meta = object.metadata;
  meta.uid = randomUUID();
  meta.creationTimestamp = kubeTime(now);
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (def.hasSpec) meta.generation = 1;
  else delete meta.generation;
  if (def.subresources.includes('status') && !statusKeptOnCreate.has(def.kind))
    object.status = initialStatus(def, object);
  if (object.status === undefined) delete object.status;
}

function initialStatus(def: ResourceDefinition, object: KubeObject): unknown {
  switch (def.kind) {
    case 'Pod':
      return { phase: 'Pending', qosClass: podQosClass(object as unknown as Pod) };
    case 'Namespace':
      return { phase: 'Active' };
    case 'Service':
      return { loadBalancer: {} };
    case 'PersistentVolumeClaim':
      return { phase: 'Pending' };
    default:
      return undefined;
  }
}

/**
 * An update of the main resource cannot change status or server-owned metadata; an update of
 * the status subresource can change only status. Generation moves when the spec changes.
 */
export function prepareForUpdate(
  def: ResourceDefinition,
  next: KubeObject,
  current: KubeObject,
  target: 'main' | 'status',
): KubeObject {
  const merged: KubeObject =
    target === 'status' ? { ...current, status: next.status } : { ...next, status: current.status };
  if (target === 'main' && !def.subresources.includes('status')) merged.status = next.status;
  if (merged.status === undefined) delete merged.status;
  merged.metadata = {
    ...(target === 'status' ? current.metadata : next.metadata),
    uid: current.metadata.uid,
    creationTimestamp: current.metadata.creationTimestamp,
    deletionTimestamp: current.metadata.deletionTimestamp,
    deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds,
    generation: current.metadata.generation,
    resourceVersion: current.metadata.resourceVersion,
  };
  dropUndefined(merged.metadata as Record<string, unknown>);
  if (def.hasSpec && JSON.stringify(merged.spec) !== JSON.stringify(current.spec)) {
    merged.metadata.generation = (current.metadata.generation ?? 0) + 1;
  }
  return merged;
}

function dropUndefined(record: Record<string, unknown>): void {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
}
