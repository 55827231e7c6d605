/**
 * The HPA's status conditions (AbleToScale, ScalingActive, ScalingLimited), set as Kubernetes'
 * setCondition does: in place, the transition time moving only when the status changes.
 */
import type { Condition } from '@orchestra/api';
import { rfc3339 } from '../controller-utils/clock';

export type HpaConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

export function setCondition(
  conditions: Condition[],
  type: HpaConditionType,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): void {
  const existing = conditions.find((c) => c.type === type);
  if (!existing) {
    conditions.push({ type, status, lastTransitionTime: rfc3339(now), reason, message });
    return;
  }
  if (existing.status !== status) existing.lastTransitionTime = rfc3339(now);
  existing.status = status;
  existing.reason = reason;
  existing.message = message;
}
