/** ServiceAccount validation (core/validation `ValidateServiceAccount`): its secrets' and pull secrets' shape. */
import { FieldError, path } from '../errors';
import { booleanAt, listAt, Obj, objectAt, stringAt } from './shape';

export function validateServiceAccount(sa: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['secrets', 'imagePullSecrets'] as const) {
    (listAt(sa[field], path(field), errs) ?? []).forEach((ref, i) => {
      const refPath = path(field).index(i);
      const obj = objectAt(ref, refPath, errs) ?? {};
      stringAt(obj.name, refPath.child('name'), errs);
    });
  }
  booleanAt(sa.automountServiceAccountToken, path('automountServiceAccountToken'), errs);
  return errs;
}
