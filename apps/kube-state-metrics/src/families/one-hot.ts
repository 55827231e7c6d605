/**
 * kube-state-metrics' shape for states: one series per possible value, 1 for the current one and
 * 0 for the others, so `sum by (phase)` counts objects and a missing series means "not known".
 */
import type { Condition } from '@orchestra/api';
import type { Emit, Labels } from '../exposition/metric-family';

/** A condition's status as the `status`/`condition` label value: `true`, `false`, `unknown`. */
export const conditionStatuses = ['true', 'false', 'unknown'] as const;

const statusLabel: Record<Condition['status'], (typeof conditionStatuses)[number]> = {
  True: 'true',
  False: 'false',
  Unknown: 'unknown',
};

/**
 * Three samples for one condition (kube-state-metrics' addConditionMetrics): `label` takes each
 * of true/false/unknown, 1 for the condition's status. `labels` come first on every sample.
 */
export function emitConditionStatus(
  emit: Emit,
  status: Condition['status'] | undefined,
  label: string,
  labels: Labels = {},
): void {
  const current = status ? statusLabel[status] : undefined;
  for (const value of conditionStatuses) emit(value === current ? 1 : 0, { ...labels, [label]: value });
}

/** One sample per possible value of `label`, 1 for `current`. */
export function emitOneHot(emit: Emit, label: string, values: readonly string[], current: string): void {
  for (const value of values) emit(value === current ? 1 : 0, { [label]: value });
}
