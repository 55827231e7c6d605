/** Scale subresource validation (autoscaling/validation `ValidateScale`). */
import { FieldError, path } from '../errors';
import { integerAt, objectAt, Obj } from './shape';
import { validateNonnegative } from './values.validation';

export function validateScale(scale: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objectAt(scale.spec, path('spec'), errs) ?? {};
  const replicas = integerAt(spec.replicas, path('spec').child('replicas'), errs);
  errs.push(...validateNonnegative(replicas, path('spec').child('replicas')));
  return errs;
}
