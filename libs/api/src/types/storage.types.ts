/** PersistentVolumeClaim (core/v1): a request for storage, and what it is bound to. */
import { Condition, LabelSelector, ObjectMeta, TypeMeta } from './meta.types';

export const PERSISTENT_VOLUME_ACCESS_MODES = [
  'ReadWriteOnce',
  'ReadOnlyMany',
  'ReadWriteMany',
  'ReadWriteOncePod',
] as const;
export type PersistentVolumeAccessMode = (typeof PERSISTENT_VOLUME_ACCESS_MODES)[number];

export interface PersistentVolumeClaimSpec {
  accessModes?: PersistentVolumeAccessMode[];
  selector?: LabelSelector;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  /** The PersistentVolume the claim is bound to (set once, by the binder). */
  volumeName?: string;
  storageClassName?: string;
  volumeMode?: 'Filesystem' | 'Block';
  dataSource?: { apiGroup?: string; kind: string; name: string };
  volumeAttributesClassName?: string;
}

export interface PersistentVolumeClaimStatus {
  phase?: 'Pending' | 'Bound' | 'Lost';
  accessModes?: PersistentVolumeAccessMode[];
  capacity?: Record<string, string>;
  conditions?: Condition[];
}

export interface PersistentVolumeClaim extends TypeMeta {
  metadata: ObjectMeta;
  spec: PersistentVolumeClaimSpec;
  status?: PersistentVolumeClaimStatus;
}
