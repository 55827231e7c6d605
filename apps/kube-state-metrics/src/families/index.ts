import type { ApiObject } from '@orchestra/client';
import type { ResourceMetrics } from '../exposition/resource-metrics';
import { deploymentMetrics } from './deployment.families';
import { endpointsMetrics } from './endpoints.families';
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
] as unknown as readonly ResourceMetrics<ApiObject>[];
