/**
 * Pod volumes and volume mounts (core/validation `ValidateVolumes`, `validateVolumeMounts`): each
 * volume a unique DNS label with exactly one source, a persistentVolumeClaim naming its claim;
 * each mount naming a volume of the pod and a path no other mount of the container uses.
 */
import { duplicate, FieldError, FieldPath, forbidden, invalid, notFound, required } from '../errors';
import { isDNS1123Label, isDNS1123Subdomain } from './names.validation';
import { booleanAt, listAt, objectAt, Obj, stringAt } from './shape';

/** The volume sources Orchestra knows by name (a pod carries them; its kubelet mounts none). */
export const VOLUME_SOURCES = [
  'persistentVolumeClaim',
  'emptyDir',
  'configMap',
  'secret',
  'hostPath',
  'projected',
  'downwardAPI',
] as const;

function validateVolumeSource(volume: Obj, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const present = VOLUME_SOURCES.filter((s) => volume[s] !== undefined && volume[s] !== null);
  if (present.length === 0) {
    errs.push(required(fieldPath, 'must specify a volume type'));
    return errs;
  }
  for (const extra of present.slice(1))
    errs.push(forbidden(fieldPath.child(extra), 'may not specify more than 1 volume type'));
  const claimPath = fieldPath.child('persistentVolumeClaim');
  const claim = objectAt(volume.persistentVolumeClaim, claimPath, errs);
  if (claim) {
    const claimName = stringAt(claim.claimName, claimPath.child('claimName'), errs);
    if (!claimName) errs.push(required(claimPath.child('claimName')));
    else
      errs.push(
        ...isDNS1123Subdomain(claimName).map((m) => invalid(claimPath.child('claimName'), claimName, m)),
      );
    booleanAt(claim.readOnly, claimPath.child('readOnly'), errs);
  }
  const hostPath = objectAt(volume.hostPath, fieldPath.child('hostPath'), errs);
  if (hostPath && !stringAt(hostPath.path, fieldPath.child('hostPath').child('path'), errs))
    errs.push(required(fieldPath.child('hostPath').child('path')));
  for (const source of VOLUME_SOURCES) {
    if (source !== 'persistentVolumeClaim' && source !== 'hostPath')
      objectAt(volume[source], fieldPath.child(source), errs);
  }
  return errs;
}

/** `spec.volumes`; returns the valid volume names (for the mounts). */
export function validateVolumes(value: unknown, fieldPath: FieldPath, errs: FieldError[]): Set<string> {
  const names = new Set<string>();
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const volumePath = fieldPath.index(i);
    const volume = objectAt(item, volumePath, errs);
    if (!volume) return;
    const name = stringAt(volume.name, volumePath.child('name'), errs);
    if (!name) errs.push(required(volumePath.child('name')));
    else {
      errs.push(...isDNS1123Label(name).map((m) => invalid(volumePath.child('name'), name, m)));
      if (names.has(name)) errs.push(duplicate(volumePath.child('name'), name));
      names.add(name);
    }
    errs.push(...validateVolumeSource(volume, volumePath));
  });
  return names;
}

/** One container's `volumeMounts`, against the names of the pod's volumes. */
export function validateVolumeMounts(
  value: unknown,
  volumes: ReadonlySet<string>,
  fieldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const mountPath = fieldPath.index(i);
    const mount = objectAt(item, mountPath, errs);
    if (!mount) return;
    const name = stringAt(mount.name, mountPath.child('name'), errs);
    if (!name) errs.push(required(mountPath.child('name')));
    else if (!volumes.has(name)) errs.push(notFound(mountPath.child('name'), name));
    const target = stringAt(mount.mountPath, mountPath.child('mountPath'), errs);
    if (!target) errs.push(required(mountPath.child('mountPath')));
    else {
      if (paths.has(target)) errs.push(invalid(mountPath.child('mountPath'), target, 'must be unique'));
      paths.add(target);
    }
    booleanAt(mount.readOnly, mountPath.child('readOnly'), errs);
    stringAt(mount.subPath, mountPath.child('subPath'), errs);
  });
  return errs;
}
