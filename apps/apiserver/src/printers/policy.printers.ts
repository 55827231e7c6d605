/**
 * `kubectl get quota` (NAME AGE REQUEST LIMIT: `pods: 2/2, requests.cpu: 500m/1`, the limits.*
 * resources under LIMIT), `kubectl get limits` (NAME CREATED AT) and `kubectl get sa`
 * (NAME SECRETS AGE), as Kubernetes' printers.
 */
import { LimitRange, parseQuantity, ResourceQuota, ServiceAccount } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';

/** A stored quantity as Kubernetes prints it (canonical); `0` when missing. */
const shown = (value: string | undefined): string => {
  if (value === undefined) return '0';
  try {
    return parseQuantity(String(value)).toString();
  } catch {
    return String(value);
  }
};

export const resourceQuotaPrinter: Printer<ResourceQuota> = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    column(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  print(quota, now) {
    const hard = quota.status?.hard ?? {};
    const used = quota.status?.used ?? {};
    const request: string[] = [];
    const limit: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const pieces = name.split('.');
      const target = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
      target.push(`${name}: ${shown(used[name])}/${shown(hard[name])}`);
    }
    return {
      cells: [
        quota.metadata.name ?? '',
        since(quota.metadata.creationTimestamp, now),
        request.join(', '),
        limit.join(', '),
      ],
    };
  },
};

export const limitRangePrinter: Printer<LimitRange> = {
  columns: [
    NAME_COLUMN,
    column(
      'Created At',
      'date',
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    ),
  ],
  print(lr) {
    const created = lr.metadata.creationTimestamp
      ? new Date(lr.metadata.creationTimestamp).toISOString().replace(/\.\d{3}Z$/, 'Z')
      : '';
    return { cells: [lr.metadata.name ?? '', created] };
  },
};

export const serviceAccountPrinter: Printer<ServiceAccount> = {
  columns: [
    NAME_COLUMN,
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    AGE_COLUMN,
  ],
  print(sa, now) {
    return {
      cells: [sa.metadata.name ?? '', (sa.secrets ?? []).length, since(sa.metadata.creationTimestamp, now)],
    };
  },
};
