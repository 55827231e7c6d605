/** DaemonSet validation (apps/validation `ValidateDaemonSetSpec`, `ValidateDaemonSetUpdateStrategy`). */
import { FieldError, FieldPath, notSupported, path, required } from '../errors';
import { validateRollingUpdate } from './rolling-update.validation';
import { integerAt, objectAt, Obj } from './shape';
import { validateNonnegative } from './values.validation';
import { validateWorkloadSelectorAndTemplate } from './workload-selector-template.validation';

function validateUpdateStrategy(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const strategy = objectAt(value, fieldPath, errs);
  if (!strategy) return errs;
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'RollingUpdate') {
    errs.push(...validateRollingUpdate(strategy.rollingUpdate, fieldPath.child('rollingUpdate'), 0));
  } else if (type !== 'OnDelete') {
    errs.push(notSupported(fieldPath.child('type'), type, ['OnDelete', 'RollingUpdate']));
  }
  return errs;
}

export function validateDaemonSet(ds: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(ds.spec, specPath, errs);
  if (!spec) return ds.spec === undefined || ds.spec === null ? [required(specPath)] : errs;
  const minReady = integerAt(spec.minReadySeconds, specPath.child('minReadySeconds'), errs);
  errs.push(...validateNonnegative(minReady, specPath.child('minReadySeconds')));
  const historyLimit = integerAt(spec.revisionHistoryLimit, specPath.child('revisionHistoryLimit'), errs);
  errs.push(...validateNonnegative(historyLimit, specPath.child('revisionHistoryLimit')));
  errs.push(...validateWorkloadSelectorAndTemplate(spec, specPath));
  if (spec.updateStrategy !== undefined && spec.updateStrategy !== null)
    errs.push(...validateUpdateStrategy(spec.updateStrategy, specPath.child('updateStrategy')));
  return errs;
}
