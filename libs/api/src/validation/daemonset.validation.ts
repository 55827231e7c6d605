/** DaemonSet validation (apps/validation `ValidateDaemonSetSpec`, `ValidateDaemonSetUpdateStrategy`). */
import { FieldError, FieldPath, invalid, notSupported, path, required } from '../errors';
import { intOrPercent } from './deployment.validation';
import { validateWorkloadSelector, validateWorkloadTemplate } from './pod-template.validation';
import { integerAt, objectAt, Obj } from './shape';
import { validateNonnegative } from './values.validation';

function validateUpdateStrategy(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const strategy = objectAt(value, fieldPath, errs);
  if (!strategy) return errs;
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'RollingUpdate') {
    const rollingPath = fieldPath.child('rollingUpdate');
    const rolling = objectAt(strategy.rollingUpdate, rollingPath, errs) ?? {};
    const maxUnavailable = intOrPercent(rolling.maxUnavailable, rollingPath.child('maxUnavailable'), errs);
    const maxSurge = intOrPercent(rolling.maxSurge, rollingPath.child('maxSurge'), errs);
    if ((maxUnavailable ?? 0) === 0 && (maxSurge ?? 0) === 0) {
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
  const selector = validateWorkloadSelector(spec, specPath, errs);
  errs.push(...validateWorkloadTemplate(spec, selector, specPath));
  if (spec.updateStrategy !== undefined && spec.updateStrategy !== null)
    errs.push(...validateUpdateStrategy(spec.updateStrategy, specPath.child('updateStrategy')));
  return errs;
}
