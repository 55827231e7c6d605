/**
 * `kubectl get persistentvolumeclaims`: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS
 * VOLUMEATTRIBUTESCLASS AGE (+ VOLUMEMODE), as Kubernetes 1.32 prints them. Capacity and access
 * modes are the bound volume's (status), so an unbound claim shows neither.
 */
import { PersistentVolumeAccessMode, PersistentVolumeClaim } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer, wide } from './printer';

const shortModes: [PersistentVolumeAccessMode, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** GetAccessModesAsString: `RWO,ROX`, in this fixed order, each once. */
export const accessModesString = (modes: readonly string[] | undefined): string =>
  shortModes
    .filter(([mode]) => (modes ?? []).includes(mode))
    .map(([, short]) => short)
    .join(',');

/** GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
export const claimClass = (pvc: PersistentVolumeClaim): string =>
  pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec.storageClassName ?? '';

export const persistentVolumeClaimPrinter: Printer<PersistentVolumeClaim> = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    column(
      'Volume',
      'string',
      'volumeName is the binding reference to the PersistentVolume backing this claim.',
    ),
    column('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    column(
      'Access Modes',
      'string',
      'accessModes contains the actual access modes the volume backing the PVC has.',
    ),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    wide('VolumeMode', 'volumeMode defines what type of volume is required by the claim.'),
  ],
  print(pvc, now) {
    const bound = !!pvc.spec.volumeName;
    return {
      cells: [
        pvc.metadata.name ?? '',
        pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
        pvc.spec.volumeName ?? '',
        bound ? (pvc.status?.capacity?.storage ?? '0') : '',
        bound ? accessModesString(pvc.status?.accessModes) : '',
        claimClass(pvc),
        pvc.spec.volumeAttributesClassName ?? '<unset>',
        since(pvc.metadata.creationTimestamp, now),
        pvc.spec.volumeMode ?? '<unset>',
      ],
    };
  },
};
