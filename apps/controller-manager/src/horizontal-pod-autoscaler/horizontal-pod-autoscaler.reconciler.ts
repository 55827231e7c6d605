/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go
 * reconcileAutoscaler): every sync period, per HPA, read the target's scale subresource, the
 * pods of its selector and their resource metrics, compute the replicas each metric asks for
 * (replica-calculator.ts), stabilize and rate-limit them (scaling-behavior.ts), write the new
 * size to the scale subresource, and report it in the HPA's status and events. An HPA is synced
 * on its own period: earlier wake-ups (its own status writes, resyncs) are put off to it, as
 * Kubernetes' queue delays every add by the resync period.
 */
import {
  Condition,
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerStatus,
  MetricSpec,
  MetricStatus,
  parseLabelSelector,
  parseQuantity,
  Pod,
  Scale,
} from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import { errorMessage } from '../controller-utils/api-errors';
import { Clock, rfc3339, systemClock } from '../controller-utils/clock';
import { EventSink } from '../controller-utils/workload-api.port';
import { HorizontalPodAutoscalerApi } from './horizontal-pod-autoscaler-api.port';
import { setCondition } from './hpa-conditions';
import { calculateResourceReplicas, ResourceTarget } from './replica-calculator';
import { ScalingBehavior } from './scaling-behavior';

/** --horizontal-pod-autoscaler-sync-period. */
export const DEFAULT_HPA_SYNC_PERIOD_MS = 15_000;

export interface HorizontalPodAutoscalerReconcilerDeps {
  hpas: Lister<HorizontalPodAutoscaler>;
  pods: Lister<Pod>;
  api: HorizontalPodAutoscalerApi;
  events: EventSink;
  syncPeriodMs?: number;
  clock?: Clock;
}

interface MetricProposal {
  replicas: number;
  /** cpu resource utilization (percentage of request) */
  name: string;
  status: MetricStatus;
}

export class HorizontalPodAutoscalerReconciler implements Reconciler {
  readonly name = 'horizontalpodautoscaler';
  private readonly clock: Clock;
  private readonly syncPeriodMs: number;
  readonly behavior: ScalingBehavior;
  private readonly lastSync = new Map<string, number>();

  constructor(private readonly deps: HorizontalPodAutoscalerReconcilerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.syncPeriodMs = deps.syncPeriodMs ?? DEFAULT_HPA_SYNC_PERIOD_MS;
    this.behavior = new ScalingBehavior(this.clock);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const cached = this.deps.hpas.get(key);
    if (!cached) {
      this.behavior.forget(key);
      this.lastSync.delete(key);
      return;
    }
    const now = this.clock.now();
    const last = this.lastSync.get(key);
    // Woken before its period is up: sync at the period, not now (a 5% slack absorbs queue delays).
    if (last !== undefined && now < last + this.syncPeriodMs * 0.95)
      return { requeueAfterMs: last + this.syncPeriodMs - now };
    this.lastSync.set(key, now);
    const hpa: HorizontalPodAutoscaler = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      ...structuredClone(cached),
    };
    await this.reconcileAutoscaler(key, hpa);
    return { requeueAfterMs: this.syncPeriodMs };
  }

  private async reconcileAutoscaler(key: string, hpa: HorizontalPodAutoscaler): Promise<void> {
    const { api, events } = this.deps;
    const ns = hpa.metadata.namespace ?? '';
    const ref = hpa.spec.scaleTargetRef;
    const original = structuredClone(hpa.status);
    const conditions: Condition[] = structuredClone(hpa.status?.conditions ?? []);
    const now = () => this.clock.now();

    let scale: Scale;
    try {
      scale = await api.getScale(ns, ref);
    } catch (e) {
      const message = `the HPA controller was unable to get the target's current scale: ${errorMessage(e)}`;
      setCondition(conditions, 'AbleToScale', 'False', 'FailedGetScale', message, now());
      events.warning(hpa, 'FailedGetScale', errorMessage(e));
      await this.writeStatus(hpa, original, { ...(hpa.status ?? { desiredReplicas: 0 }), conditions });
      return;
    }
    setCondition(
      conditions,
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
      now(),
    );
    const currentReplicas = scale.spec.replicas ?? 0;
    const minReplicas = hpa.spec.minReplicas ?? 1;
    const maxReplicas = hpa.spec.maxReplicas;
    let desiredReplicas = 0;
    let rescaleReason = '';
    let currentMetrics: MetricStatus[] = hpa.status?.currentMetrics ?? [];

    if (currentReplicas === 0 && minReplicas !== 0) {
      setCondition(
        conditions,
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
        now(),
      );
    } else if (currentReplicas > maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      const computed = await this.computeReplicasForMetrics(hpa, scale, currentReplicas, conditions);
      currentMetrics = computed.statuses;
      if (computed.replicas === -1) {
        events.warning(hpa, 'FailedComputeMetricsReplicas', computed.error ?? 'no metrics');
        await this.writeStatus(hpa, original, {
          ...(hpa.status ?? { desiredReplicas: 0 }),
          currentReplicas,
          currentMetrics,
          conditions,
        });
        return;
      }
      desiredReplicas = computed.replicas;
      if (desiredReplicas > currentReplicas) rescaleReason = `${computed.name} above target`;
      if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
      const normalized = this.behavior.normalize({
        key,
        hpa,
        currentReplicas,
        desiredReplicas,
        minReplicas,
      });
      const { ableToScale, scalingLimited } = normalized;
      setCondition(
        conditions,
        'AbleToScale',
        ableToScale.status,
        ableToScale.reason,
        ableToScale.message,
        now(),
      );
      setCondition(
        conditions,
        'ScalingLimited',
        scalingLimited.status,
        scalingLimited.reason,
        scalingLimited.message,
        now(),
      );
      desiredReplicas = normalized.desiredReplicas;
    }

    const rescale = (currentReplicas !== 0 || minReplicas === 0) && desiredReplicas !== currentReplicas;
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (rescale) {
      try {
        await api.updateScale(ns, ref, { ...scale, spec: { ...scale.spec, replicas: desiredReplicas } });
      } catch (e) {
        events.warning(
          hpa,
          'FailedRescale',
          `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${errorMessage(e)}`,
        );
        setCondition(
          conditions,
          'AbleToScale',
          'False',
          'FailedUpdateScale',
          `the HPA controller was unable to update the target scale: ${errorMessage(e)}`,
          now(),
        );
        await this.writeStatus(hpa, original, {
          ...(hpa.status ?? { desiredReplicas: 0 }),
          currentReplicas,
          currentMetrics,
          conditions,
        });
        return;
      }
      setCondition(
        conditions,
        'AbleToScale',
        'True',
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desiredReplicas}`,
        now(),
      );
      events.normal(hpa, 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`);
      this.behavior.recordScale(hpa, key, currentReplicas, desiredReplicas);
      lastScaleTime = rfc3339(now());
    } else {
      desiredReplicas = currentReplicas;
    }
    await this.writeStatus(hpa, original, {
      observedGeneration: hpa.metadata.generation,
      ...(lastScaleTime && { lastScaleTime }),
      currentReplicas,
      desiredReplicas,
      currentMetrics,
      conditions,
    });
  }

  /** computeReplicasForMetrics: the highest replica count any metric asks for; -1 when none could. */
  private async computeReplicasForMetrics(
    hpa: HorizontalPodAutoscaler,
    scale: Scale,
    currentReplicas: number,
    conditions: Condition[],
  ): Promise<{ replicas: number; name: string; statuses: MetricStatus[]; error?: string }> {
    const now = this.clock.now();
    const selector = scale.status?.selector ?? '';
    if (!selector) {
      setCondition(
        conditions,
        'ScalingActive',
        'False',
        'InvalidSelector',
        "the HPA target's scale is missing a selector",
        now,
      );
      this.deps.events.warning(hpa, 'SelectorRequired', 'selector is required');
      return { replicas: -1, name: '', statuses: [], error: 'selector is required' };
    }
    const metrics = hpa.spec.metrics ?? [];
    const statuses: MetricStatus[] = [];
    let best: MetricProposal | undefined;
    let firstError: string | undefined;
    let invalid = 0;
    let firstFailure: string | undefined;
    for (const metric of metrics) {
      try {
        const proposal = await this.computeResourceMetric(hpa, metric, selector, currentReplicas);
        statuses.push(proposal.status);
        if (!best || proposal.replicas > best.replicas) best = proposal;
      } catch (e) {
        const error = errorMessage(e);
        firstError ??= error;
        invalid++;
        const resource = metric.resource?.name ?? metric.type;
        const what = metric.resource?.target.type === 'Utilization' ? 'utilization' : 'usage';
        firstFailure ??= `the HPA was unable to compute the replica count: failed to get ${resource} ${what}: ${error}`;
        this.deps.events.warning(
          hpa,
          'FailedGetResourceMetric',
          `failed to get ${resource} ${what}: ${error}`,
        );
        statuses.push({ type: metric.type });
      }
    }
    // All metrics invalid, or some invalid while the rest would scale in: do not act on half a view.
    if (!best || (invalid > 0 && best.replicas < currentReplicas)) {
      if (firstFailure)
        setCondition(conditions, 'ScalingActive', 'False', 'FailedGetResourceMetric', firstFailure, now);
      return {
        replicas: -1,
        name: '',
        statuses,
        error: `invalid metrics (${invalid} invalid out of ${metrics.length}), first error is: ${firstError}`,
      };
    }
    setCondition(
      conditions,
      'ScalingActive',
      'True',
      'ValidMetricFound',
      `the HPA was able to successfully calculate a replica count from ${best.name}`,
      now,
    );
    return { replicas: best.replicas, name: best.name, statuses };
  }

  private async computeResourceMetric(
    hpa: HorizontalPodAutoscaler,
    metric: MetricSpec,
    selector: string,
    currentReplicas: number,
  ): Promise<MetricProposal> {
    const source = metric.resource;
    if (metric.type !== 'Resource' || !source)
      throw new Error(`unsupported metric source type ${metric.type}`);
    const ns = hpa.metadata.namespace ?? '';
    const labels = parseLabelSelector(selector);
    const pods = this.deps.pods.list(ns).filter((p) => labels.matches(p.metadata.labels));
    const podMetrics = await this.deps.api.podMetrics(ns, selector, source.name);
    const target: ResourceTarget =
      source.target.type === 'Utilization'
        ? { type: 'Utilization', averageUtilization: source.target.averageUtilization ?? 0 }
        : {
            type: 'AverageValue',
            averageValueMilli: parseQuantity(String(source.target.averageValue)).toMilli(),
          };
    const calc = calculateResourceReplicas(currentReplicas, target, source.name, pods, podMetrics, {
      now: this.clock.now(),
    });
    const averageValue = milliQuantity(calc.averageValueMilli);
    return target.type === 'Utilization'
      ? {
          replicas: calc.replicas,
          name: `${source.name} resource utilization (percentage of request)`,
          status: {
            type: 'Resource',
            resource: {
              name: source.name,
              current: { averageUtilization: calc.utilization, averageValue },
            },
          },
        }
      : {
          replicas: calc.replicas,
          name: `${source.name} resource`,
          status: { type: 'Resource', resource: { name: source.name, current: { averageValue } } },
        };
  }

  private async writeStatus(
    hpa: HorizontalPodAutoscaler,
    original: HorizontalPodAutoscalerStatus | undefined,
    status: HorizontalPodAutoscalerStatus,
  ): Promise<void> {
    if (JSON.stringify(original ?? {}) === JSON.stringify(status)) return;
    await this.deps.api.updateStatus({ ...hpa, status });
  }
}

/** A milli-unit amount as Kubernetes prints it (`34m`, `1`, `1500m`). */
function milliQuantity(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}
