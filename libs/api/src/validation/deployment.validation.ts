/** Deployment validation (apps/validation `ValidateDeploymentSpec`, `ValidateDeploymentUpdate`). */
import { FieldError, FieldPath, forbidden, invalid, notSupported, path, required } from '../errors';
import { validateRollingUpdate } from './rolling-update.validation';
import { integerAt, isRecord, objectAt, Obj, semanticEqual } from './shape';
import { validateNonnegative } from './values.validation';
import { validateWorkloadSelectorAndTemplate } from './workload-selector-template.validation';

// intOrPercent lives with the rolling update now; still importable from here, where it was.
export { intOrPercent } from './rolling-update.validation';

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
    errs.push(...validateRollingUpdate(strategy.rollingUpdate, rollingPath));
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
  errs.push(...validateWorkloadSelectorAndTemplate(spec, specPath));
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
