import type { ResourceDefinition } from '@orchestra/api';
import type { ApiObject } from '@orchestra/client';
import type { Labels, MetricFamily } from './metric-family';

/**
 * One resource's metrics (a kube-state-metrics store): the labels every one of its series starts
 * with (`namespace`, `pod`, `uid` for a pod), and its families.
 */
export interface ResourceMetrics<T extends ApiObject> {
  readonly resource: ResourceDefinition;
  ownLabels(object: T): Labels;
  readonly families: readonly MetricFamily<T>[];
}
