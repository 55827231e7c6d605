/**
 * ResourceQuota validation (core/validation `ValidateResourceQuota`): resource names a quota can
 * track, quantities that parse and are not negative, whole numbers for object counts; the same
 * for status.hard and status.used.
 */
import { FieldError, FieldPath, invalid, notSupported, path } from '../errors';
import { isQualifiedName } from './labels.validation';
import { nonNegativeQuantityAt } from './quantity-value.validation';
import { listAt, Obj, objectAt } from './shape';

/** Object counts, which are whole numbers. */
const integerResources = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const standardQuotaResources = new Set([
  ...integerResources,
  'cpu',
  'memory',
  'ephemeral-storage',
  'storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'requests.storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);
export const RESOURCE_QUOTA_SCOPES = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
] as const;

const isStandard = (name: string): boolean =>
  standardQuotaResources.has(name) ||
  name.startsWith('count/') ||
  name.startsWith('hugepages-') ||
  name.startsWith('requests.hugepages-') ||
  name.includes('/');

function validateQuotaList(value: unknown, fieldPath: FieldPath, errs: FieldError[]): void {
  for (const [name, raw] of Object.entries(objectAt(value, fieldPath, errs) ?? {})) {
    const entryPath = fieldPath.key(name);
    const nameToCheck = name.startsWith('count/') ? name.slice('count/'.length) : name;
    errs.push(...isQualifiedName(nameToCheck).map((m) => invalid(entryPath, name, m)));
    if (!isStandard(name)) errs.push(invalid(entryPath, name, 'must be a standard resource for quota'));
    const q = nonNegativeQuantityAt(raw, entryPath, errs);
    const integer = integerResources.has(name) || name.startsWith('count/');
    if (q && integer && q.nanos % 1_000_000_000n !== 0n)
      errs.push(invalid(entryPath, q.toString(), 'must be an integer'));
  }
}

export function validateResourceQuota(quota: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objectAt(quota.spec, path('spec'), errs) ?? {};
  validateQuotaList(spec.hard, path('spec').child('hard'), errs);
  const scopes = listAt(spec.scopes, path('spec').child('scopes'), errs) ?? [];
  scopes.forEach((scope, i) => {
    if (!(RESOURCE_QUOTA_SCOPES as readonly unknown[]).includes(scope))
      errs.push(notSupported(path('spec').child('scopes').index(i), scope, RESOURCE_QUOTA_SCOPES));
  });
  const status = objectAt(quota.status, path('status'), errs) ?? {};
  validateQuotaList(status.hard, path('status').child('hard'), errs);
  validateQuotaList(status.used, path('status').child('used'), errs);
  return errs;
}
