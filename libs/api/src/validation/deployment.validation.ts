/** Deployment validation (apps/validation `ValidateDeploymentSpec`, `ValidateDeploymentUpdate`). */
import { FieldError, FieldPath, forbidden, invalid, notSupported, path, required } from '../errors';
import { validateWorkloadSelector, validateWorkloadTemplate } from './pod-template.validation';
import { integerAt, isRecord, objectAt, Obj, semanticEqual } from './shape';
import { validateNonnegative } from './values.validation';
import { regexError } from './names.validation';

const percentFmt = '[0-9]+%';

/** An IntOrString of maxSurge / maxUnavailable; its integer value (percent or count) or undefined. */
export function intOrPercent(value: unknown, fieldPath: FieldPath, errs: FieldError[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) {
    errs.push(...validateNonnegative(value, fieldPath));
    return value;
  }
  if (typeof value === 'string') {
    if (/^[0-9]+%$/.test(value)) return parseInt(value, 10);
    errs.push(
      invalid(
        fieldPath,
        value,
        regexError(
          "a valid percent string must be a numeric string followed by an ending '%'",
          percentFmt,
          '1%',
          '93%',
        ),
      ),
    );
    return undefined;
  }
  errs.push(invalid(fieldPath, value, 'must be an integer or a percentage'));
  return undefined;
}

function validateStrategy(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const strategy = objectAt(value, fieldPath, errs);
  if (!strategy) return errs;
  const type = strategy.type ?? 'RollingUpdate';
  const rollingPath = fieldPath.child('rollingUpdate');
  if (type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
      errs.push(forbidden(rollingPath, "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type === 'RollingUpdate') {
    const rolling = objectAt(strategy.rollingUpdate, rollingPath, errs) ?? {};
    const maxUnavailable = intOrPercent(rolling.maxUnavailable, rollingPath.child('maxUnavailable'), errs);
    const maxSurge = intOrPercent(rolling.maxSurge, rollingPath.child('maxSurge'), errs);
    // With neither extra nor missing pods allowed, a rollout could never make progress.
    if (maxUnavailable === 0 && maxSurge === 0) {
      errs.push(
        invalid(
          rollingPath.child('maxUnavailable'),
          rolling.maxUnavailable,
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    }
    if (typeof rolling.maxUnavailable === 'string' && maxUnavailable !== undefined && maxUnavailable > 100) {
      errs.push(
        invalid(rollingPath.child('maxUnavailable'), rolling.maxUnavailable, 'must not be greater than 100%'),
      );
    }
  } else {
    errs.push(notSupported(fieldPath.child('type'), type, ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

export function validateDeployment(deployment: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(deployment.spec, specPath, errs);
  if (!spec) return deployment.spec === undefined || deployment.spec === null ? [required(specPath)] : errs;
  const replicas = integerAt(spec.replicas, specPath.child('replicas'), errs);
  errs.push(...validateNonnegative(replicas, specPath.child('replicas')));
  const selector = validateWorkloadSelector(spec, specPath, errs);
  errs.push(...validateWorkloadTemplate(spec, selector, specPath));
  errs.push(...validateStrategy(spec.strategy, specPath.child('strategy')));
  const minReady = integerAt(spec.minReadySeconds, specPath.child('minReadySeconds'), errs);
  errs.push(...validateNonnegative(minReady, specPath.child('minReadySeconds')));
  const history = integerAt(spec.revisionHistoryLimit, specPath.child('revisionHistoryLimit'), errs);
  errs.push(...validateNonnegative(history, specPath.child('revisionHistoryLimit')));
  const deadline = integerAt(spec.progressDeadlineSeconds, specPath.child('progressDeadlineSeconds'), errs);
  if (deadline !== undefined) {
    errs.push(...validateNonnegative(deadline, specPath.child('progressDeadlineSeconds')));
    if (deadline <= (minReady ?? 0)) {
      errs.push(
        invalid(specPath.child('progressDeadlineSeconds'), deadline, 'must be greater than minReadySeconds'),
      );
    }
  }
  return errs;
}

/** apps/v1 selectors are immutable: changing one would orphan the existing pods. */
export function validateSelectorUpdate(obj: Obj, old: Obj): FieldError[] {
  const selector = isRecord(obj.spec) ? obj.spec.selector : undefined;
  const oldSelector = isRecord(old.spec) ? old.spec.selector : undefined;
  return semanticEqual(selector, oldSelector)
    ? []
    : [invalid(path('spec').child('selector'), selector, 'field is immutable')];
}
