/**
 * The HPA's scaling behavior (pkg/controller/podautoscaler/horizontal.go
 * normalizeDesiredReplicasWithBehaviors): a recommendation is first stabilized against the
 * recommendations of the stabilization windows (scale-up takes the lowest of its window,
 * scale-down the highest of its), then limited by the rate policies (how many pods may be added
 * or removed per period, counting the scale events already made in it), then clamped to
 * min/max. Each HPA's history lives in memory, as in kube-controller-manager: a restart forgets
 * it (and starts a scale-down window afresh). Time comes from an injected clock.
 */
import type { HorizontalPodAutoscaler, HPAScalingRules, ScalingPolicySelect } from '@orchestra/api';
import { defaultScaleDownRules, defaultScaleUpRules } from '@orchestra/api';
import { Clock } from '../controller-utils/clock';

interface TimestampedRecommendation {
  recommendation: number;
  timestamp: number;
}

interface TimestampedScaleEvent {
  replicaChange: number;
  timestamp: number;
}

export interface ConditionChange {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface NormalizedReplicas {
  desiredReplicas: number;
  /** AbleToScale (True): stabilized or ready for a new scale. */
  ableToScale: ConditionChange;
  /** ScalingLimited: whether a rate policy or min/max cut the recommendation. */
  scalingLimited: ConditionChange;
}

export interface NormalizationArgs {
  key: string;
  hpa: HorizontalPodAutoscaler;
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
}

type Rules = Required<HPAScalingRules>;

/** The HPA's behavior, Kubernetes' defaults filling what is not given (an absent behavior too). */
export function effectiveBehavior(hpa: HorizontalPodAutoscaler): { scaleUp: Rules; scaleDown: Rules } {
  const complete = (given: HPAScalingRules | undefined, defaults: Rules): Rules => ({
    stabilizationWindowSeconds: given?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: given?.selectPolicy ?? defaults.selectPolicy,
    policies: given?.policies ?? defaults.policies,
  });
  return {
    scaleUp: complete(hpa.spec.behavior?.scaleUp, defaultScaleUpRules()),
    scaleDown: complete(hpa.spec.behavior?.scaleDown, defaultScaleDownRules()),
  };
}

export class ScalingBehavior {
  private readonly recommendations = new Map<string, TimestampedRecommendation[]>();
  private readonly scaleUpEvents = new Map<string, TimestampedScaleEvent[]>();
  private readonly scaleDownEvents = new Map<string, TimestampedScaleEvent[]>();

  constructor(private readonly clock: Clock) {}

  normalize(args: NormalizationArgs): NormalizedReplicas {
    const behavior = effectiveBehavior(args.hpa);
    this.maybeInitScaleDownStabilizationWindow(args.key, args.currentReplicas, behavior.scaleDown);
    const stabilized = this.stabilize(args, behavior);
    const ableToScale: ConditionChange =
      stabilized.recommendation !== args.desiredReplicas
        ? { status: 'True', reason: stabilized.reason, message: stabilized.message }
        : { status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
    const limited = this.limitRate({ ...args, desiredReplicas: stabilized.recommendation }, behavior);
    return {
      desiredReplicas: limited.replicas,
      ableToScale,
      scalingLimited: {
        status: limited.replicas === stabilized.recommendation ? 'False' : 'True',
        reason: limited.reason,
        message: limited.message,
      },
    };
  }

  /** storeScaleEvent: a rescale made, counted against the policies' periods. */
  recordScale(hpa: HorizontalPodAutoscaler, key: string, previous: number, next: number): void {
    const now = this.clock.now();
    const behavior = effectiveBehavior(hpa);
    const events = next > previous ? this.scaleUpEvents : this.scaleDownEvents;
    const rules = next > previous ? behavior.scaleUp : behavior.scaleDown;
    const longestMs = Math.max(0, ...rules.policies.map((p) => p.periodSeconds)) * 1000;
    const kept = (events.get(key) ?? []).filter((e) => e.timestamp > now - longestMs);
    kept.push({ replicaChange: Math.abs(next - previous), timestamp: now });
    events.set(key, kept);
  }

  /** The HPA is gone: forget its history. */
  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUpEvents.delete(key);
    this.scaleDownEvents.delete(key);
  }

  /** A first sight of an HPA opens a scale-down window at the current size (no instant scale-in). */
  private maybeInitScaleDownStabilizationWindow(key: string, currentReplicas: number, scaleDown: Rules) {
    if (this.recommendations.has(key) || scaleDown.stabilizationWindowSeconds <= 0) return;
    this.recommendations.set(key, [{ recommendation: currentReplicas, timestamp: this.clock.now() }]);
  }

  /** stabilizeRecommendationWithBehaviors. */
  private stabilize(
    args: NormalizationArgs,
    behavior: { scaleUp: Rules; scaleDown: Rules },
  ): { recommendation: number; reason: string; message: string } {
    const now = this.clock.now();
    const upCutoff = now - behavior.scaleUp.stabilizationWindowSeconds * 1000;
    const downCutoff = now - behavior.scaleDown.stabilizationWindowSeconds * 1000;
    let upRecommendation = args.desiredReplicas;
    let downRecommendation = args.desiredReplicas;
    const history = this.recommendations.get(args.key) ?? [];
    let oldSample = -1;
    history.forEach((rec, i) => {
      if (rec.timestamp > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
      if (rec.timestamp > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
      if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldSample = i;
    });
    let recommendation = args.currentReplicas;
    if (recommendation < upRecommendation) recommendation = upRecommendation;
    if (recommendation > downRecommendation) recommendation = downRecommendation;
    // Record the unstabilized recommendation, reusing a slot that no window reaches any more.
    const sample = { recommendation: args.desiredReplicas, timestamp: now };
    if (oldSample >= 0) history[oldSample] = sample;
    else history.push(sample);
    this.recommendations.set(args.key, history);
    return args.desiredReplicas >= args.currentReplicas
      ? {
          recommendation,
          reason: 'ScaleUpStabilized',
          message:
            'recent recommendations were lower than current one, applying the lowest recent recommendation',
        }
      : {
          recommendation,
          reason: 'ScaleDownStabilized',
          message:
            'recent recommendations were higher than current one, applying the highest recent recommendation',
        };
  }

  /** convertDesiredReplicasWithBehaviorRate. */
  private limitRate(
    args: NormalizationArgs,
    behavior: { scaleUp: Rules; scaleDown: Rules },
  ): { replicas: number; reason: string; message: string } {
    const { currentReplicas, desiredReplicas, minReplicas } = args;
    const maxReplicas = args.hpa.spec.maxReplicas;
    const ups = this.scaleUpEvents.get(args.key) ?? [];
    const downs = this.scaleDownEvents.get(args.key) ?? [];
    if (desiredReplicas > currentReplicas) {
      const limit = Math.max(
        currentReplicas,
        scaleUpLimit(currentReplicas, ups, downs, behavior.scaleUp, this.clock.now()),
      );
      const [allowed, reason, message] =
        maxReplicas > limit
          ? [
              limit,
              'ScaleUpLimit',
              'the desired replica count is increasing faster than the maximum scale rate',
            ]
          : [
              maxReplicas,
              'TooManyReplicas',
              'the desired replica count is more than the maximum replica count',
            ];
      if (desiredReplicas > allowed) return { replicas: allowed, reason, message };
    } else if (desiredReplicas < currentReplicas) {
      const limit = Math.min(
        currentReplicas,
        scaleDownLimit(currentReplicas, ups, downs, behavior.scaleDown, this.clock.now()),
      );
      const [allowed, reason, message] =
        minReplicas < limit
          ? [
              limit,
              'ScaleDownLimit',
              'the desired replica count is decreasing faster than the maximum scale rate',
            ]
          : [
              minReplicas,
              'TooFewReplicas',
              'the desired replica count is less than the minimum replica count',
            ];
      if (desiredReplicas < allowed) return { replicas: allowed, reason, message };
    }
    return {
      replicas: desiredReplicas,
      reason: 'DesiredWithinRange',
      message: 'the desired count is within the acceptable range',
    };
  }
}

/** The replicas changed by the events within the last `periodSeconds`. */
function changeInPeriod(periodSeconds: number, events: TimestampedScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  return events.filter((e) => e.timestamp > cutoff).reduce((sum, e) => sum + e.replicaChange, 0);
}

const selectFor = (select: ScalingPolicySelect, up: boolean) =>
  (select === 'Min') === up ? Math.min : Math.max;

/** calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now. */
export function scaleUpLimit(
  currentReplicas: number,
  ups: TimestampedScaleEvent[],
  downs: TimestampedScaleEvent[],
  rules: Rules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const select = selectFor(rules.selectPolicy, true);
  let result = rules.selectPolicy === 'Min' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const policy of rules.policies) {
    const periodStart =
      currentReplicas -
      changeInPeriod(policy.periodSeconds, ups, now) +
      changeInPeriod(policy.periodSeconds, downs, now);
    const proposed =
      policy.type === 'Pods' ? periodStart + policy.value : Math.ceil(periodStart * (1 + policy.value / 100));
    result = select(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now. */
export function scaleDownLimit(
  currentReplicas: number,
  ups: TimestampedScaleEvent[],
  downs: TimestampedScaleEvent[],
  rules: Rules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const select = selectFor(rules.selectPolicy, false);
  let result = rules.selectPolicy === 'Min' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const policy of rules.policies) {
    const periodStart =
      currentReplicas -
      changeInPeriod(policy.periodSeconds, ups, now) +
      changeInPeriod(policy.periodSeconds, downs, now);
    const proposed =
      policy.type === 'Pods'
        ? periodStart - policy.value
        : Math.trunc(periodStart * (1 - policy.value / 100));
    result = select(result, proposed);
  }
  return result;
}
