/**
 * The HPA's replica calculation for Resource metrics (pkg/controller/podautoscaler/
 * replica_calculator.go GetResourceReplicas and GetRawResourceReplicas): the usage ratio of the
 * ready pods' metrics to the target, a 10% tolerance, and Kubernetes' conservative handling of
 * pods it cannot trust: an unready pod counts as 0% when the ratio says scale up (so that pods
 * just started do not push further out), a pod without metrics counts as 0% on scale-up and as
 * 100% of its request (or the target) on scale-down; and when those assumptions would reverse
 * the direction, nothing changes. Pure: pods, metrics and time are handed in.
 */
import { parseQuantity, Pod } from '@orchestra/api';
import { parseTime } from '../controller-utils/clock';
import { podReadyCondition } from '../controller-utils/pod-readiness';

/** --horizontal-pod-autoscaler-tolerance. */
export const DEFAULT_TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** --horizontal-pod-autoscaler-initial-readiness-delay. */
export const INITIAL_READINESS_DELAY_MS = 30_000;

/** One pod's usage of the resource, summed over its containers, in milli-units. */
export interface PodMetric {
  valueMilli: number;
  /** When the sample was taken, and over how long a window (ms). */
  timestamp: number;
  windowMs: number;
}

export type PodMetricsInfo = Map<string, PodMetric>;

export type ResourceTarget =
  { type: 'Utilization'; averageUtilization: number } | { type: 'AverageValue'; averageValueMilli: number };

export interface ReplicaCalculation {
  replicas: number;
  /** Utilization targets: the ready pods' usage in percent of their requests. */
  utilization?: number;
  /** The ready pods' average usage, milli-units. */
  averageValueMilli: number;
}

export class ReplicaCalculationError extends Error {
  override name = 'ReplicaCalculationError';
}

export interface ReplicaCalculatorOptions {
  tolerance?: number;
  now: number;
}

/** groupPods: which pods count, which are unready, which lack metrics, which are ignored. */
export function groupPods(
  pods: Pod[],
  metrics: PodMetricsInfo,
  resource: string,
  now: number,
): { readyPodCount: number; unready: Set<string>; missing: Set<string>; ignored: Set<string> } {
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (!pod.status?.phase || pod.status.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (resource === 'cpu' && cpuSampleUnready(pod, metric, now)) {
      unready.add(name);
      continue;
    }
    readyPodCount++;
  }
  return { readyPodCount, unready, missing, ignored };
}

/**
 * A CPU sample is not trusted while the pod is starting: within the initialization period, unless
 * the pod is ready and a whole metric window has passed since it became so; after it, only a pod
 * that never became ready (its last transition within the initial readiness delay) is unready.
 */
function cpuSampleUnready(pod: Pod, metric: PodMetric, now: number): boolean {
  const condition = podReadyCondition(pod);
  const start = parseTime(pod.status?.startTime);
  const transition = parseTime(condition?.lastTransitionTime) ?? 0;
  if (!condition || start === undefined) return true;
  if (start + CPU_INITIALIZATION_PERIOD_MS > now)
    return condition.status === 'False' || metric.timestamp < transition + metric.windowMs;
  return condition.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
}

/** The sum of the containers' requests of the resource per pod, milli-units (calculatePodRequests). */
export function podRequests(pods: Pod[], resource: string): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    let total = 0;
    for (const container of pod.spec.containers ?? []) {
      const request = container.resources?.requests?.[resource];
      if (request === undefined)
        throw new ReplicaCalculationError(
          `missing request for ${resource} in container ${container.name} of Pod ${pod.metadata.name}`,
        );
      total += parseQuantity(String(request)).toMilli();
    }
    requests.set(pod.metadata.name ?? '', total);
  }
  return requests;
}

interface UsageRatio {
  ratio: number;
  utilization?: number;
  averageValueMilli: number;
}

/** GetResourceUtilizationRatio, or the plain average against an AverageValue target. */
function usageRatio(
  metrics: PodMetricsInfo,
  requests: Map<string, number>,
  target: ResourceTarget,
): UsageRatio {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, metric] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    metricsTotal += metric.valueMilli;
    requestsTotal += request;
    entries++;
  }
  if (target.type === 'AverageValue') {
    if (metrics.size === 0) throw new ReplicaCalculationError('no metrics returned matched known pods');
    let total = 0;
    for (const metric of metrics.values()) total += metric.valueMilli;
    const average = total / metrics.size;
    return { ratio: average / target.averageValueMilli, averageValueMilli: Math.round(average) };
  }
  if (requestsTotal === 0) throw new ReplicaCalculationError('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    ratio: utilization / target.averageUtilization,
    utilization,
    averageValueMilli: Math.trunc(metricsTotal / entries),
  };
}

/** The replica count the resource metric asks for (GetResourceReplicas / GetRawResourceReplicas). */
export function calculateResourceReplicas(
  currentReplicas: number,
  target: ResourceTarget,
  resource: string,
  pods: Pod[],
  podMetrics: PodMetricsInfo,
  options: ReplicaCalculatorOptions,
): ReplicaCalculation {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (pods.length === 0)
    throw new ReplicaCalculationError('no pods returned by selector while calculating replica count');
  const metrics: PodMetricsInfo = new Map(podMetrics);
  const { readyPodCount, unready, missing, ignored } = groupPods(pods, metrics, resource, options.now);
  for (const name of [...ignored, ...unready]) metrics.delete(name);
  if (metrics.size === 0)
    throw new ReplicaCalculationError('did not receive metrics for targeted pods (pods might be unready)');
  const requests = target.type === 'Utilization' ? podRequests(pods, resource) : new Map<string, number>();

  const first = usageRatio(metrics, requests, target);
  const current = { utilization: first.utilization, averageValueMilli: first.averageValueMilli };
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= tolerance) return { replicas: currentReplicas, ...current };
    return { replicas: Math.ceil(first.ratio * readyPodCount), ...current };
  }

  // Assume the worst for the pods we could not measure, in the direction of the change.
  for (const name of missing) {
    if (first.ratio < 1) {
      const fallback =
        target.type === 'Utilization'
          ? ((requests.get(name) ?? 0) * Math.max(100, target.averageUtilization)) / 100
          : target.averageValueMilli;
      metrics.set(name, { valueMilli: fallback, timestamp: options.now, windowMs: 0 });
    } else if (first.ratio > 1) {
      metrics.set(name, { valueMilli: 0, timestamp: options.now, windowMs: 0 });
    }
  }
  if (scaleUpWithUnready)
    for (const name of unready) metrics.set(name, { valueMilli: 0, timestamp: options.now, windowMs: 0 });

  const second = usageRatio(metrics, requests, target);
  if (
    Math.abs(1 - second.ratio) <= tolerance ||
    (first.ratio < 1 && second.ratio > 1) ||
    (first.ratio > 1 && second.ratio < 1)
  )
    return { replicas: currentReplicas, ...current };
  const replicas = Math.ceil(second.ratio * metrics.size);
  if ((second.ratio < 1 && replicas > currentReplicas) || (second.ratio > 1 && replicas < currentReplicas))
    return { replicas: currentReplicas, ...current };
  return { replicas, ...current };
}
