/** ControllerRevision validation (apps/validation `ValidateControllerRevision`, `...Update`). */
import { FieldError, invalid, path, required } from '../errors';
import { integerAt, Obj, semanticEqual } from './shape';
import { validateNonnegative } from './values.validation';

export function validateControllerRevision(revision: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (revision.data === undefined || revision.data === null)
    errs.push(required(path('data'), 'data is mandatory'));
  const number = integerAt(revision.revision, path('revision'), errs);
  errs.push(...validateNonnegative(number, path('revision')));
  return errs;
}

/** The snapshot never changes; only its revision number moves (a rollback renumbers it). */
export function validateControllerRevisionUpdate(revision: Obj, old: Obj): FieldError[] {
  return semanticEqual(revision.data, old.data)
    ? []
    : [invalid(path('data'), revision.data, 'field is immutable')];
}
