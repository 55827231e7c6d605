/**
 * Secret validation (core/validation `ValidateSecret`, `ValidateSecretUpdate`): keys are config
 * keys, `data` values base64 (what Kubernetes' decoder of []byte fields demands), at most 1 MiB
 * decoded, the keys each well-known type needs, `type` and an immutable Secret's data fixed.
 * Errors never echo a value: it is a secret.
 */
import { FieldError, forbidden, invalid, path, required, tooLong } from '../errors';
import { isConfigMapKey } from './names.validation';
import { booleanAt, isRecord, Obj, semanticEqual, stringAt } from './shape';

/** Kubernetes' MaxSecretSize. */
export const SECRET_MAX_SIZE_BYTES = 1024 * 1024;
export const REDACTED = '<secret contents redacted>';

/** Standard base64 with padding, as Go's encoding/json decodes []byte. */
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The keys (or annotation) each well-known Secret type must carry. */
const requiredKeys: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

export function isBase64(value: string): boolean {
  return base64.test(value);
}

export function validateSecret(secret: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const type = stringAt(secret.type, path('type'), errs);
  const data = secretDataAt(secret.data, errs);
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    const keyPath = path('data').key(key);
    errs.push(...isConfigMapKey(key).map((m) => invalid(keyPath, key, m)));
    if (!isBase64(value)) errs.push(invalid(keyPath, REDACTED, 'illegal base64 data'));
    else size += Buffer.from(value, 'base64').length;
  }
  // Left in place only when defaulting could not merge it: say what is wrong with it.
  if (secret.stringData !== undefined) {
    if (!isRecord(secret.stringData)) errs.push(invalid(path('stringData'), REDACTED, 'must be an object'));
    for (const [key, value] of Object.entries(isRecord(secret.stringData) ? secret.stringData : {})) {
      const keyPath = path('stringData').key(key);
      errs.push(...isConfigMapKey(key).map((m) => invalid(keyPath, key, m)));
      if (typeof value !== 'string') errs.push(invalid(keyPath, REDACTED, 'must be a string'));
    }
  }
  if (size > SECRET_MAX_SIZE_BYTES) errs.push(tooLong(path('data'), undefined, SECRET_MAX_SIZE_BYTES));
  for (const key of requiredKeys[type ?? ''] ?? []) {
    if (!(key in data)) errs.push(required(path('data').key(key)));
  }
  if (type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) {
    errs.push(required(path('data').key('username'), 'either username or password is required'));
  }
  if (type === 'kubernetes.io/service-account-token') {
    const annotations = isRecord(secret.metadata) ? secret.metadata.annotations : undefined;
    if (!isRecord(annotations) || !annotations['kubernetes.io/service-account.name']) {
      errs.push(required(path('metadata').child('annotations').key('kubernetes.io/service-account.name')));
    }
  }
  booleanAt(secret.immutable, path('immutable'), errs);
  return errs;
}

/** `type` never changes; an immutable Secret keeps its data (and its immutability) until deleted. */
export function validateSecretUpdate(secret: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (old.type !== undefined && secret.type !== old.type) {
    errs.push(invalid(path('type'), secret.type, 'field is immutable'));
  }
  if (old.immutable !== true) return errs;
  const detail = 'field is immutable when `immutable` is set';
  if (secret.immutable !== true) errs.push(forbidden(path('immutable'), detail));
  if (!semanticEqual(secret.data, old.data)) errs.push(forbidden(path('data'), detail));
  return errs;
}

/** data as a string map, a non-string value named without showing it. */
function secretDataAt(value: unknown, errs: FieldError[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    errs.push(invalid(path('data'), REDACTED, 'must be an object'));
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else errs.push(invalid(path('data').key(k), REDACTED, 'must be a base64 string'));
  }
  return out;
}
