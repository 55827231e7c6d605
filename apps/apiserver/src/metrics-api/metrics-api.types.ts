/**
 * metrics.k8s.io/v1beta1 (k8s.io/metrics/pkg/apis/metrics/v1beta1), field names as in Kubernetes,
 * and the part of the kubelet's Summary API (`/stats/summary`) they are computed from.
 */
import type { ObjectMeta, Summary } from '@orchestra/api';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
export const METRICS_API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

/** Quantities: cpu as nanocores (`1234n`), memory as `12345Ki`. */
export interface ResourceUsage {
  cpu: string;
  memory: string;
}

export interface NodeMetrics {
  kind: 'NodeMetrics';
  apiVersion: typeof METRICS_API_VERSION;
  metadata: ObjectMeta;
  timestamp: string;
  window: string;
  usage: ResourceUsage;
}

export interface ContainerMetrics {
  name: string;
  usage: ResourceUsage;
}

export interface PodMetrics {
  kind: 'PodMetrics';
  apiVersion: typeof METRICS_API_VERSION;
  metadata: ObjectMeta;
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}

export interface MetricsList<K extends string, T> {
  kind: K;
  apiVersion: typeof METRICS_API_VERSION;
  metadata: { resourceVersion?: string };
  items: T[];
}

/**
 * What the apiserver reads of a kubelet's `GET /stats/summary`: the kubelet's Summary, read
 * defensively (an older or foreign kubelet may leave fields out).
 */
export type KubeletSummary = DeepPartialSummary;
type DeepPartialSummary = {
  node: Partial<Summary['node']> & { nodeName: string };
  pods?: (Omit<Summary['pods'][number], 'containers'> & {
    containers?: (Partial<Summary['pods'][number]['containers'][number]> & { name: string })[];
  })[];
};
