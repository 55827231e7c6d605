/** PersistentVolumeClaim defaulting (core/v1 SetDefaults_PersistentVolumeClaim, ..._PersistentVolumeClaimSpec). */
import { isRecord, Obj } from '../validation/shape';

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

export function defaultPersistentVolumeClaimSpec(spec: unknown): void {
  if (isRecord(spec) && absent(spec.volumeMode)) spec.volumeMode = 'Filesystem';
}

export function defaultPersistentVolumeClaim(pvc: Obj): void {
  defaultPersistentVolumeClaimSpec(pvc.spec);
  if (pvc.status === undefined || pvc.status === null) pvc.status = {};
  if (isRecord(pvc.status) && absent(pvc.status.phase)) pvc.status.phase = 'Pending';
}
