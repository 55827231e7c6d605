/**
 * HorizontalPodAutoscaler validation (autoscaling/validation ValidateHorizontalPodAutoscaler):
 * the scale target, the replica bounds, the metrics and the scaling behavior, every error naming
 * its field. Orchestra computes Resource metrics only (cpu and memory from metrics.k8s.io), so
 * the other metric source types are refused rather than accepted and never acted on.
 */
import { FieldError, FieldPath, invalid, notSupported, path, required } from '../errors';
import { parseQuantity, QuantityParseError } from '../quantity';
import { integerAt, isRecord, listAt, objectAt, Obj, stringAt } from './shape';
import { validateEnum } from './values.validation';

/** MaxPeriodSeconds and MaxStabilizationWindowSeconds of autoscaling/validation. */
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const SUPPORTED_METRIC_TYPES = ['Resource'] as const;
const RESOURCE_TARGET_TYPES = ['Utilization', 'AverageValue'] as const;

export function validateHorizontalPodAutoscaler(hpa: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(hpa.spec, specPath, errs);
  if (!spec) return hpa.spec === undefined || hpa.spec === null ? [required(specPath)] : errs;
  errs.push(...validateScaleTargetRef(spec.scaleTargetRef, specPath.child('scaleTargetRef')));
  const minPath = specPath.child('minReplicas');
  const maxPath = specPath.child('maxReplicas');
  const min = integerAt(spec.minReplicas, minPath, errs);
  const max = integerAt(spec.maxReplicas, maxPath, errs);
  if (min !== undefined && min < 1) errs.push(invalid(minPath, min, 'must be greater than or equal to 1'));
  if (spec.maxReplicas === undefined || spec.maxReplicas === null) errs.push(required(maxPath));
  else if (max !== undefined && max < 1) errs.push(invalid(maxPath, max, 'must be greater than 0'));
  if (min !== undefined && max !== undefined && max < min)
    errs.push(invalid(maxPath, max, 'must be greater than or equal to `minReplicas`'));
  const metricsPath = specPath.child('metrics');
  (listAt(spec.metrics, metricsPath, errs) ?? []).forEach((metric, i) =>
    errs.push(...validateMetricSpec(metric, metricsPath.index(i))),
  );
  const behaviorPath = specPath.child('behavior');
  const behavior = objectAt(spec.behavior, behaviorPath, errs);
  if (behavior) {
    for (const direction of ['scaleUp', 'scaleDown']) {
      const rulesPath = behaviorPath.child(direction);
      const rules = objectAt(behavior[direction], rulesPath, errs);
      if (rules) errs.push(...validateScalingRules(rules, rulesPath));
    }
  }
  return errs;
}

function validateScaleTargetRef(value: unknown, refPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ref = objectAt(value, refPath, errs);
  if (!ref)
    return value === undefined || value === null
      ? [required(refPath.child('kind')), required(refPath.child('name'))]
      : errs;
  for (const field of ['kind', 'name']) {
    const fieldPath = refPath.child(field);
    const text = stringAt(ref[field], fieldPath, errs);
    if (!text) {
      if (ref[field] === undefined || ref[field] === null || ref[field] === '')
        errs.push(required(fieldPath));
    } else if (text.includes('/') || text === '.' || text === '..' || text.includes('%')) {
      errs.push(invalid(fieldPath, text, 'may not contain "/", "%", or be "." or ".."'));
    }
  }
  return errs;
}

function validateMetricSpec(value: unknown, metricPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const metric = objectAt(value, metricPath, errs);
  if (!metric) return value === undefined || value === null ? [required(metricPath)] : errs;
  const typePath = metricPath.child('type');
  if (metric.type === undefined || metric.type === null || metric.type === '')
    return [required(typePath, 'must specify a metric source type')];
  if (!SUPPORTED_METRIC_TYPES.includes(metric.type as 'Resource'))
    return [notSupported(typePath, metric.type, SUPPORTED_METRIC_TYPES)];
  const resourcePath = metricPath.child('resource');
  const resource = objectAt(metric.resource, resourcePath, errs);
  if (!resource)
    return [...errs, required(resourcePath, 'must populate information for the given metric source')];
  const namePath = resourcePath.child('name');
  const name = stringAt(resource.name, namePath, errs);
  if (!name && errs.length === 0) errs.push(required(namePath, 'must specify a resource name'));
  errs.push(...validateResourceTarget(resource.target, resourcePath.child('target')));
  return errs;
}

function validateResourceTarget(value: unknown, targetPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const target = objectAt(value, targetPath, errs);
  if (!target) return value === undefined || value === null ? [required(targetPath)] : errs;
  const typePath = targetPath.child('type');
  if (target.type === undefined || target.type === null || target.type === '')
    return [required(typePath, 'must specify a metric target type')];
  errs.push(...validateEnum(target.type, RESOURCE_TARGET_TYPES, typePath));
  const utilizationPath = targetPath.child('averageUtilization');
  const utilization = integerAt(target.averageUtilization, utilizationPath, errs);
  if (utilization !== undefined && utilization < 1)
    errs.push(invalid(utilizationPath, utilization, 'must be greater than 0'));
  if (target.type === 'Utilization' && utilization === undefined && errs.length === 0)
    errs.push(required(utilizationPath, 'must set either a target raw value or a target utilization'));
  const averageValuePath = targetPath.child('averageValue');
  if (target.averageValue !== undefined && target.averageValue !== null)
    errs.push(...validatePositiveQuantity(target.averageValue, averageValuePath));
  if (target.type === 'AverageValue' && (target.averageValue === undefined || target.averageValue === null))
    errs.push(required(averageValuePath, 'must set either a target value for metric or a per-pod target'));
  return errs;
}

function validatePositiveQuantity(value: unknown, fieldPath: FieldPath): FieldError[] {
  if (typeof value !== 'string' && typeof value !== 'number')
    return [invalid(fieldPath, value, 'must be a quantity')];
  try {
    return parseQuantity(String(value)).sign() > 0 ? [] : [invalid(fieldPath, value, 'must be positive')];
  } catch (e) {
    return [invalid(fieldPath, value, e instanceof QuantityParseError ? e.message : String(e))];
  }
}

function validateScalingRules(rules: Obj, rulesPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const windowPath = rulesPath.child('stabilizationWindowSeconds');
  const window = integerAt(rules.stabilizationWindowSeconds, windowPath, errs);
  if (window !== undefined && window < 0)
    errs.push(invalid(windowPath, window, 'must be greater than or equal to zero'));
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS)
    errs.push(
      invalid(windowPath, window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`),
    );
  errs.push(
    ...validateEnum(rules.selectPolicy, ['Max', 'Min', 'Disabled'], rulesPath.child('selectPolicy'), true),
  );
  const policiesPath = rulesPath.child('policies');
  const policies = listAt(rules.policies, policiesPath, errs);
  if (policies && policies.length === 0)
    errs.push(required(policiesPath, 'must specify at least one Policy'));
  (policies ?? []).forEach((policy, i) => {
    const policyPath = policiesPath.index(i);
    if (!isRecord(policy)) {
      errs.push(invalid(policyPath, policy, 'must be an object'));
      return;
    }
    errs.push(...validateEnum(policy.type, ['Pods', 'Percent'], policyPath.child('type')));
    const valuePath = policyPath.child('value');
    const policyValue = integerAt(policy.value, valuePath, errs);
    if (policy.value === undefined || policy.value === null) errs.push(required(valuePath));
    else if (policyValue !== undefined && policyValue <= 0)
      errs.push(invalid(valuePath, policyValue, 'must be greater than zero'));
    const periodPath = policyPath.child('periodSeconds');
    const period = integerAt(policy.periodSeconds, periodPath, errs);
    if (policy.periodSeconds === undefined || policy.periodSeconds === null) errs.push(required(periodPath));
    else if (period !== undefined && period <= 0)
      errs.push(invalid(periodPath, period, 'must be greater than zero'));
    else if (period !== undefined && period > MAX_PERIOD_SECONDS)
      errs.push(invalid(periodPath, period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errs;
}
