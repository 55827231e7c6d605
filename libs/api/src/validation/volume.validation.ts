/**
 * Pod volumes, volume mounts and envFrom (core/validation ValidateVolumes, ValidateVolumeMounts,
 * ValidateEnvFrom), for the sources Orchestra's kubelet fills (configMap, secret, projected,
 * emptyDir), and a persistentVolumeClaim's or hostPath's required fields; other volume types pass
 * with their name checked, as Orchestra cannot back them.
 */
import { duplicate, FieldError, FieldPath, forbidden, invalid, notFound, required } from '../errors';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName } from './names.validation';
import { booleanAt, integerAt, isRecord, listAt, Obj, objectAt, stringAt } from './shape';

const MAX_MODE = 0o777;

/** The volume names, for the mounts to refer to; errors for each bad volume. */
export function validateVolumes(value: unknown, fieldPath: FieldPath, errs: FieldError[]): Set<string> {
  const names = new Set<string>();
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const vPath = fieldPath.index(i);
    const volume = objectAt(item, vPath, errs);
    if (!volume) return;
    const name = stringAt(volume.name, vPath.child('name'), errs);
    if (!name) errs.push(required(vPath.child('name')));
    else {
      errs.push(...isDNS1123Label(name).map((m) => invalid(vPath.child('name'), name, m)));
      if (names.has(name)) errs.push(duplicate(vPath.child('name'), name));
      names.add(name);
    }
    const types = Object.keys(volume).filter(
      (k) => k !== 'name' && volume[k] !== undefined && volume[k] !== null,
    );
    if (types.length === 0) errs.push(required(vPath, 'must specify a volume type'));
    else if (types.length > 1)
      errs.push(forbidden(vPath.child(types[1]), 'may not specify more than 1 volume type'));
    if (volume.configMap !== undefined)
      validateConfigMapSource(volume.configMap, vPath.child('configMap'), errs, true);
    if (volume.secret !== undefined) validateSecretSource(volume.secret, vPath.child('secret'), errs);
    if (volume.projected !== undefined) validateProjected(volume.projected, vPath.child('projected'), errs);
    if (volume.persistentVolumeClaim !== undefined)
      validateClaimSource(volume.persistentVolumeClaim, vPath.child('persistentVolumeClaim'), errs);
    const hostPath = objectAt(volume.hostPath, vPath.child('hostPath'), errs);
    if (hostPath && !stringAt(hostPath.path, vPath.child('hostPath').child('path'), errs))
      errs.push(required(vPath.child('hostPath').child('path')));
  });
  return names;
}

function validateConfigMapSource(
  value: unknown,
  fieldPath: FieldPath,
  errs: FieldError[],
  withMode: boolean,
): void {
  const source = objectAt(value, fieldPath, errs);
  if (!source) return;
  objectName(source.name, fieldPath.child('name'), errs);
  validateItems(source.items, fieldPath.child('items'), errs);
  booleanAt(source.optional, fieldPath.child('optional'), errs);
  if (withMode) validateMode(source.defaultMode, fieldPath.child('defaultMode'), errs);
}

/** A persistentVolumeClaim volume names its claim (a StatefulSet's are `<template>-<set>-<i>`). */
function validateClaimSource(value: unknown, fieldPath: FieldPath, errs: FieldError[]): void {
  const claim = objectAt(value, fieldPath, errs);
  if (!claim) return;
  objectName(claim.claimName, fieldPath.child('claimName'), errs);
  booleanAt(claim.readOnly, fieldPath.child('readOnly'), errs);
}

function validateSecretSource(value: unknown, fieldPath: FieldPath, errs: FieldError[]): void {
  const source = objectAt(value, fieldPath, errs);
  if (!source) return;
  objectName(source.secretName, fieldPath.child('secretName'), errs);
  validateItems(source.items, fieldPath.child('items'), errs);
  booleanAt(source.optional, fieldPath.child('optional'), errs);
  validateMode(source.defaultMode, fieldPath.child('defaultMode'), errs);
}

function validateProjected(value: unknown, fieldPath: FieldPath, errs: FieldError[]): void {
  const projected = objectAt(value, fieldPath, errs);
  if (!projected) return;
  validateMode(projected.defaultMode, fieldPath.child('defaultMode'), errs);
  (listAt(projected.sources, fieldPath.child('sources'), errs) ?? []).forEach((item, i) => {
    const sPath = fieldPath.child('sources').index(i);
    const source = objectAt(item, sPath, errs);
    if (!source) return;
    const kinds = Object.keys(source).filter((k) => source[k] !== undefined && source[k] !== null);
    if (kinds.length !== 1) errs.push(forbidden(sPath, 'may not specify more than 1 volume type per source'));
    if (source.configMap !== undefined)
      validateConfigMapSource(source.configMap, sPath.child('configMap'), errs, false);
    if (source.secret !== undefined)
      validateConfigMapSource(source.secret, sPath.child('secret'), errs, false);
  });
}

function objectName(value: unknown, fieldPath: FieldPath, errs: FieldError[]): void {
  const name = stringAt(value, fieldPath, errs);
  if (!name) errs.push(required(fieldPath));
  else errs.push(...isDNS1123Subdomain(name).map((m) => invalid(fieldPath, name, m)));
}

function validateItems(value: unknown, fieldPath: FieldPath, errs: FieldError[]): void {
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const iPath = fieldPath.index(i);
    const keyToPath = objectAt(item, iPath, errs);
    if (!keyToPath) return;
    const key = stringAt(keyToPath.key, iPath.child('key'), errs);
    if (!key) errs.push(required(iPath.child('key')));
    else errs.push(...isConfigMapKey(key).map((m) => invalid(iPath.child('key'), key, m)));
    const path = stringAt(keyToPath.path, iPath.child('path'), errs);
    if (!path) errs.push(required(iPath.child('path')));
    else errs.push(...relativePath(path, iPath.child('path')));
    validateMode(keyToPath.mode, iPath.child('mode'), errs);
  });
}

function validateMode(value: unknown, fieldPath: FieldPath, errs: FieldError[]): void {
  const mode = integerAt(value, fieldPath, errs);
  if (mode !== undefined && (mode < 0 || mode > MAX_MODE)) {
    errs.push(invalid(fieldPath, mode, 'must be a number between 0 and 0777 (octal), both inclusive'));
  }
}

/** Kubernetes' validateLocalDescendingPath: relative, and no '..' element. */
function relativePath(path: string, fieldPath: FieldPath): FieldError[] {
  if (path.startsWith('/')) return [invalid(fieldPath, path, 'must be a relative path')];
  if (path.split('/').includes('..')) return [invalid(fieldPath, path, "must not contain '..'")];
  return [];
}

/** A container's volumeMounts: each names a volume of the pod, at a unique absolute-or-not mountPath. */
export function validateVolumeMounts(
  value: unknown,
  volumes: Set<string>,
  fieldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const mPath = fieldPath.index(i);
    const mount = objectAt(item, mPath, errs);
    if (!mount) return;
    const name = stringAt(mount.name, mPath.child('name'), errs);
    if (!name) errs.push(required(mPath.child('name')));
    else if (!volumes.has(name)) errs.push(notFound(mPath.child('name'), name));
    const mountPath = stringAt(mount.mountPath, mPath.child('mountPath'), errs);
    if (!mountPath) errs.push(required(mPath.child('mountPath')));
    else {
      if (paths.has(mountPath)) errs.push(invalid(mPath.child('mountPath'), mountPath, 'must be unique'));
      paths.add(mountPath);
    }
    const subPath = stringAt(mount.subPath, mPath.child('subPath'), errs);
    if (subPath) errs.push(...relativePath(subPath, mPath.child('subPath')));
    booleanAt(mount.readOnly, mPath.child('readOnly'), errs);
  });
  return errs;
}

/** A container's envFrom: one of configMapRef or secretRef each, with a name; a prefix that is a variable name. */
export function validateEnvFrom(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const ePath = fieldPath.index(i);
    const from = objectAt(item, ePath, errs);
    if (!from) return;
    const prefix = stringAt(from.prefix, ePath.child('prefix'), errs);
    if (prefix) errs.push(...isEnvVarName(prefix).map((m) => invalid(ePath.child('prefix'), prefix, m)));
    const refs = (['configMapRef', 'secretRef'] as const).filter((r) => isRecord(from[r]));
    if (refs.length === 0)
      errs.push(invalid(ePath, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (refs.length > 1)
      errs.push(invalid(ePath, '', 'may not have more than one field specified at a time'));
    for (const ref of refs) {
      const source = from[ref] as Obj;
      objectName(source.name, ePath.child(ref).child('name'), errs);
      booleanAt(source.optional, ePath.child(ref).child('optional'), errs);
    }
  });
  return errs;
}
