/**
 * Arithmetic on resource lists (`{ pods: '2', 'requests.cpu': '500m' }`), as Kubernetes'
 * quota helpers (pkg/quota/v1/resources.go): add, compare, mask, print.
 */
import { parseQuantity, ResourceQuantity } from '../quantity';
import type { ResourceList } from '../types';

export type Quantities = Map<string, ResourceQuantity>;

/** Parses a list, skipping entries that do not parse (validation reports those). */
export function quantitiesOf(list: ResourceList | undefined): Quantities {
  const out: Quantities = new Map();
  for (const [name, value] of Object.entries(list ?? {})) {
    try {
      out.set(name, parseQuantity(String(value)));
    } catch {
      // invalid: validation names it
    }
  }
  return out;
}

export function toResourceList(quantities: Quantities): ResourceList {
  return Object.fromEntries(
    [...quantities].sort(([a], [b]) => a.localeCompare(b)).map(([k, q]) => [k, q.toString()]),
  );
}

export function addQuantities(a: Quantities, b: Quantities): Quantities {
  const out: Quantities = new Map(a);
  for (const [name, q] of b) out.set(name, (out.get(name) ?? ResourceQuantity.zero(q.format)).add(q));
  return out;
}

/** The resources of `a` that exceed `b` (only those `b` names), or none (quota.LessThanOrEqual). */
export function exceeded(a: Quantities, b: Quantities): string[] {
  return [...a]
    .filter(([name, q]) => {
      const limit = b.get(name);
      return limit !== undefined && q.cmp(limit) > 0;
    })
    .map(([name]) => name)
    .sort();
}

/** Only the named resources (quota.Mask). */
export function mask(list: Quantities, names: readonly string[]): Quantities {
  return new Map([...list].filter(([name]) => names.includes(name)));
}

/** `pods=1,requests.cpu=500m`: sorted by name, as Kubernetes' quota admission prints a list. */
export function prettyPrint(list: Quantities): string {
  return [...list]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, q]) => `${name}=${q.toString()}`)
    .join(',');
}
