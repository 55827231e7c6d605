/**
 * A rolling update's maxUnavailable and maxSurge, as Deployments and DaemonSets have them (apps/
 * validation ValidateRollingUpdateDeployment, ValidateRollingUpdateDaemonSet): each an integer or a
 * percentage, not both 0, and maxUnavailable at most 100%.
 */
import { FieldError, FieldPath, invalid } from '../errors';
import { regexError } from './names.validation';
import { objectAt } from './shape';
import { validateNonnegative } from './values.validation';

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

/**
 * `rollingUpdate` at `rollingPath`. `absentAs` is what an absent (or unparsable) value counts as in
 * the "both 0" check: 0 for a DaemonSet, whose absent maxSurge Kubernetes reads as 0; nothing for a
 * Deployment, whose absent values defaulting fills in.
 */
export function validateRollingUpdate(
  value: unknown,
  rollingPath: FieldPath,
  absentAs?: number,
): FieldError[] {
  const errs: FieldError[] = [];
  const rolling = objectAt(value, rollingPath, errs) ?? {};
  const maxUnavailable = intOrPercent(rolling.maxUnavailable, rollingPath.child('maxUnavailable'), errs);
  const maxSurge = intOrPercent(rolling.maxSurge, rollingPath.child('maxSurge'), errs);
  // With neither extra nor missing pods allowed, a rollout could never make progress.
  if ((maxUnavailable ?? absentAs) === 0 && (maxSurge ?? absentAs) === 0) {
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
  return errs;
}
