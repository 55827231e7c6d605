/**
 * Kubernetes stores every resource.Quantity in canonical form (`1.5` → `1500m`, `1.5Gi` →
 * `1536Mi`), because a Quantity re-serializes canonically. Here that happens with defaulting,
 * before validation: malformed values are left exactly as sent, for validation to report.
 */
import { canonicalize } from '../quantity';
import { isRecord } from '../validation/shape';

export function canonicalizeQuantities(list: unknown): void {
  if (!isRecord(list)) return;
  for (const [name, value] of Object.entries(list)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    try {
      list[name] = canonicalize(String(value));
    } catch {
      // invalid: validation names the field
    }
  }
}
