import type { ApiObject } from '@orchestra/client';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { cronJobMetrics } from './cronjob.families';
import { daemonSetMetrics } from './daemonset.families';
import { deploymentMetrics } from './deployment.families';
import { endpointsMetrics } from './endpoints.families';
import { jobMetrics } from './job.families';
import { horizontalPodAutoscalerMetrics } from './horizontalpodautoscaler.families';
import { namespaceMetrics } from './namespace.families';
import { nodeMetrics } from './node.families';
import { podMetrics } from './pod.families';
import { replicaSetMetrics } from './replicaset.families';
import { serviceMetrics } from './service.families';
import { statefulSetMetrics } from './statefulset.families';

/**
 * Every resource kube-state-metrics watches here, in exposition order. Typed loosely as a list:
 * each entry only ever sees objects of its own resource (the collector gives it that informer).
 */
export const clusterStateMetrics = [
  namespaceMetrics,
  nodeMetrics,
  podMetrics,
  deploymentMetrics,
  replicaSetMetrics,
  statefulSetMetrics,
  serviceMetrics,
  endpointsMetrics,
  daemonSetMetrics,
  jobMetrics,
  cronJobMetrics,
  horizontalPodAutoscalerMetrics,
] as unknown as readonly ResourceMetrics<ApiObject>[];
