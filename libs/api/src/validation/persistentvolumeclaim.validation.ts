/**
 * PersistentVolumeClaim validation (core/validation `ValidatePersistentVolumeClaimSpec`,
 * `ValidatePersistentVolumeClaimUpdate`). The spec is shared with a StatefulSet's
 * volumeClaimTemplates.
 */
import { FieldError, FieldPath, forbidden, invalid, notSupported, path, required } from '../errors';
import { parseQuantity, QuantityParseError } from '../quantity';
import { validateLabelSelector } from '../selectors';
import { PERSISTENT_VOLUME_ACCESS_MODES } from '../types';
import { isDNS1123Subdomain } from './names.validation';
import { isRecord, listAt, objectAt, Obj, semanticEqual, stringAt } from './shape';

/** sets.List order, as Kubernetes lists the supported values. */
const accessModes = [...PERSISTENT_VOLUME_ACCESS_MODES].sort();
const volumeModes = ['Block', 'Filesystem'];

export function validatePersistentVolumeClaimSpec(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objectAt(value, fieldPath, errs);
  if (!spec) return value === undefined || value === null ? [required(fieldPath)] : errs;
  const modesPath = fieldPath.child('accessModes');
  const modes = listAt(spec.accessModes, modesPath, errs) ?? [];
  if (modes.length === 0) errs.push(required(modesPath, 'at least 1 access mode is required'));
  for (const mode of modes)
    if (!accessModes.includes(mode as never)) errs.push(notSupported(modesPath, mode, accessModes));
  if (spec.selector !== undefined && spec.selector !== null)
    errs.push(...validateLabelSelector(spec.selector, fieldPath.child('selector')));
  const resources = objectAt(spec.resources, fieldPath.child('resources'), errs) ?? {};
  const requests = objectAt(resources.requests, fieldPath.child('resources').child('requests'), errs) ?? {};
  const storagePath = fieldPath.child('resources').key('storage');
  const storage = requests.storage;
  if (storage === undefined || storage === null) errs.push(required(storagePath));
  else {
    try {
      if (parseQuantity(String(storage)).sign() <= 0)
        errs.push(invalid(storagePath, storage, 'must be greater than zero'));
    } catch (e) {
      if (!(e instanceof QuantityParseError)) throw e;
      errs.push(invalid(storagePath, storage, e.message));
    }
  }
  const className = stringAt(spec.storageClassName, fieldPath.child('storageClassName'), errs);
  if (className)
    errs.push(
      ...isDNS1123Subdomain(className).map((m) => invalid(fieldPath.child('storageClassName'), className, m)),
    );
  if (
    spec.volumeMode !== undefined &&
    spec.volumeMode !== null &&
    !volumeModes.includes(spec.volumeMode as string)
  )
    errs.push(notSupported(fieldPath.child('volumeMode'), spec.volumeMode, volumeModes));
  stringAt(spec.volumeName, fieldPath.child('volumeName'), errs);
  return errs;
}

export function validatePersistentVolumeClaim(pvc: Obj): FieldError[] {
  return validatePersistentVolumeClaimSpec(pvc.spec, path('spec'));
}

const storageOf = (spec: unknown): unknown => {
  const resources = isRecord(spec) && isRecord(spec.resources) ? spec.resources : {};
  return isRecord(resources.requests) ? resources.requests.storage : undefined;
};

/**
 * The spec is immutable but for the volumeName the binder sets once, and the storage request of a
 * bound claim (expansion), which may not shrink.
 */
export function validatePersistentVolumeClaimUpdate(pvc: Obj, old: Obj): FieldError[] {
  if (!isRecord(pvc.spec) || !isRecord(old.spec)) return [];
  const errs: FieldError[] = [];
  const next: Obj = structuredClone(pvc.spec);
  const before: Obj = structuredClone(old.spec);
  if (!before.volumeName) before.volumeName = next.volumeName;
  const bound = isRecord(pvc.status) && pvc.status.phase === 'Bound';
  if (bound && isRecord(next.resources) && isRecord(next.resources.requests))
    next.resources.requests.storage = storageOf(old.spec);
  if (!semanticEqual(next, before))
    errs.push(
      forbidden(
        path('spec'),
        'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      ),
    );
  try {
    const oldSize = storageOf(old.spec);
    const newSize = storageOf(pvc.spec);
    if (oldSize !== undefined && newSize !== undefined) {
      if (parseQuantity(String(newSize)).cmp(parseQuantity(String(oldSize))) < 0)
        errs.push(
          forbidden(
            path('spec').child('resources').child('requests').child('storage'),
            'field can not be less than previous value',
          ),
        );
    }
  } catch (e) {
    if (!(e instanceof QuantityParseError)) throw e; // the spec validation reports it
  }
  return errs;
}
