/**
 * Defaulting of ResourceQuota and LimitRange (core/v1 defaults.go): quantities in canonical form;
 * a Container LimitRange item's default limit falls back to its max, and its default request to
 * its default limit, then to its min (SetDefaults_LimitRangeItem).
 */
import { isRecord } from '../validation/shape';
import { canonicalizeQuantities } from './canonical-quantities';

export function defaultResourceQuota(quota: Record<string, unknown>): void {
  if (isRecord(quota.spec)) canonicalizeQuantities(quota.spec.hard);
  if (isRecord(quota.status)) {
    canonicalizeQuantities(quota.status.hard);
    canonicalizeQuantities(quota.status.used);
  }
}

export function defaultLimitRange(limitRange: Record<string, unknown>): void {
  if (!isRecord(limitRange.spec) || !Array.isArray(limitRange.spec.limits)) return;
  for (const item of limitRange.spec.limits) {
    if (!isRecord(item)) continue;
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'])
      canonicalizeQuantities(item[f]);
    if (item.type !== 'Container') continue;
    const fill = (target: string, from: unknown) => {
      if (!isRecord(from)) return;
      const list = isRecord(item[target]) ? item[target] : {};
      for (const [name, q] of Object.entries(from)) if (list[name] === undefined) list[name] = q;
      if (Object.keys(list).length > 0) item[target] = list;
    };
    fill('default', item.max);
    fill('defaultRequest', item.default);
    fill('defaultRequest', item.min);
  }
}
