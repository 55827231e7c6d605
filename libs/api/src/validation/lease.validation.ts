/** Lease validation (coordination/validation `ValidateLeaseSpec`). */
import { FieldError, invalid, path } from '../errors';
import { integerAt, objectAt, Obj, stringAt } from './shape';
import { validateNonnegative, validatePositive } from './values.validation';

const isTimestamp = (s: string): boolean => !Number.isNaN(Date.parse(s));

export function validateLease(lease: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(lease.spec, specPath, errs) ?? {};
  const duration = integerAt(spec.leaseDurationSeconds, specPath.child('leaseDurationSeconds'), errs);
  errs.push(...validatePositive(duration, specPath.child('leaseDurationSeconds')));
  const transitions = integerAt(spec.leaseTransitions, specPath.child('leaseTransitions'), errs);
  errs.push(...validateNonnegative(transitions, specPath.child('leaseTransitions')));
  stringAt(spec.holderIdentity, specPath.child('holderIdentity'), errs);
  for (const f of ['acquireTime', 'renewTime']) {
    const time = stringAt(spec[f], specPath.child(f), errs);
    if (time && !isTimestamp(time))
      errs.push(invalid(specPath.child(f), time, 'must be an RFC 3339 timestamp'));
  }
  return errs;
}
