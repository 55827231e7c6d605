/**
 * What the HPA controller reads and writes through the apiserver, as Kubernetes' does: the
 * target's scale subresource (any group/resource that has one), the pods' resource metrics from
 * metrics.k8s.io, and its HPAs' status subresource.
 */
import type { CrossVersionObjectReference, HorizontalPodAutoscaler, Scale } from '@orchestra/api';
import type { PodMetricsInfo } from './replica-calculator';

export interface HorizontalPodAutoscalerApi {
  /** GET <target>/scale; rejects with an ApiError (NotFound, or no such kind with a scale). */
  getScale(namespace: string, ref: CrossVersionObjectReference): Promise<Scale>;
  /** PUT <target>/scale, compare-and-swap on the Scale's resourceVersion. */
  updateScale(namespace: string, ref: CrossVersionObjectReference, scale: Scale): Promise<Scale>;
  /** The usage of `resource` (e.g. cpu) of the pods matching the selector, by pod name. */
  podMetrics(namespace: string, selector: string, resource: string): Promise<PodMetricsInfo>;
  updateStatus(hpa: HorizontalPodAutoscaler): Promise<HorizontalPodAutoscaler>;
}
