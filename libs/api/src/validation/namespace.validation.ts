/** Namespace validation (core/validation `ValidateNamespace`): finalizer names in the spec. */
import { FieldError, invalid, path } from '../errors';
import { validateLabelName } from './labels.validation';
import { listAt, objectAt, Obj, stringAt } from './shape';
import { validateEnum } from './values.validation';

export function validateNamespace(ns: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objectAt(ns.spec, path('spec'), errs) ?? {};
  const finalizersPath = path('spec').child('finalizers');
  (listAt(spec.finalizers, finalizersPath, errs) ?? []).forEach((f, i) => {
    const name = stringAt(f, finalizersPath.index(i), errs);
    if (name === undefined) return;
    errs.push(...validateLabelName(name, finalizersPath));
    // Bare names are reserved for Kubernetes' own finalizers.
    if (!name.includes('/') && name !== 'kubernetes') {
      errs.push(
        invalid(finalizersPath, name, 'name is neither a standard finalizer name nor is it fully qualified'),
      );
    }
  });
  const status = objectAt(ns.status, path('status'), errs) ?? {};
  errs.push(...validateEnum(status.phase, ['Active', 'Terminating'], path('status').child('phase'), true));
  return errs;
}
