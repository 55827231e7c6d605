/** ConfigMap validation (core/validation `ValidateConfigMap`, `ValidateConfigMapUpdate`). */
import { FieldError, forbidden, invalid, path, tooLong } from '../errors';
import { isConfigMapKey } from './names.validation';
import { booleanAt, Obj, semanticEqual, stringMapAt } from './shape';

/** Data and binaryData together, as Kubernetes' MaxSecretSize: 1 MiB. */
export const CONFIGMAP_MAX_SIZE_BYTES = 1024 * 1024;

export function validateConfigMap(cm: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const data = stringMapAt(cm.data, path('data'), errs) ?? {};
  const binaryData = stringMapAt(cm.binaryData, path('binaryData'), errs) ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    const keyPath = path('data').key(key);
    errs.push(...isConfigMapKey(key).map((m) => invalid(keyPath, key, m)));
    if (key in binaryData) errs.push(invalid(keyPath, key, 'duplicate of key present in binaryData'));
    size += Buffer.byteLength(value, 'utf8');
  }
  for (const [key, value] of Object.entries(binaryData)) {
    const keyPath = path('binaryData').key(key);
    errs.push(...isConfigMapKey(key).map((m) => invalid(keyPath, key, m)));
    if (key in data) errs.push(invalid(keyPath, key, 'duplicate of key present in data'));
    // binaryData travels base64-encoded; the limit is on the decoded bytes.
    size += Buffer.from(value, 'base64').length;
  }
  // The empty path stands for the whole object, as in Kubernetes.
  if (size > CONFIGMAP_MAX_SIZE_BYTES) errs.push(tooLong(path(''), undefined, CONFIGMAP_MAX_SIZE_BYTES));
  booleanAt(cm.immutable, path('immutable'), errs);
  return errs;
}

/** An immutable ConfigMap keeps its data (and its immutability) until deleted. */
export function validateConfigMapUpdate(cm: Obj, old: Obj): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  const detail = 'field is immutable when `immutable` is set';
  if (cm.immutable !== true) errs.push(forbidden(path('immutable'), detail));
  if (!semanticEqual(cm.data, old.data)) errs.push(forbidden(path('data'), detail));
  if (!semanticEqual(cm.binaryData, old.binaryData)) errs.push(forbidden(path('binaryData'), detail));
  return errs;
}
