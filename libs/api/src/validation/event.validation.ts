/** Event validation (core/validation, legacy core/v1 events): the involved object and type. */
import { FieldError, invalid, path, required } from '../errors';
import { isRecord, Obj, stringAt } from './shape';
import { validateEnum } from './values.validation';

export function validateEvent(event: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const involvedPath = path('involvedObject');
  if (!isRecord(event.involvedObject)) {
    if (event.involvedObject === undefined || event.involvedObject === null)
      errs.push(required(involvedPath));
    else errs.push(invalid(involvedPath, event.involvedObject, 'must be an object'));
    return errs;
  }
  const involved = event.involvedObject;
  const meta = isRecord(event.metadata) ? event.metadata : {};
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : '';
  const involvedNamespace = stringAt(involved.namespace, involvedPath.child('namespace'), errs) ?? '';
  // Events about cluster-scoped objects (Nodes) live in `default`; others in their object's namespace.
  const matches = involvedNamespace
    ? namespace === involvedNamespace
    : namespace === '' || namespace === 'default';
  if (!matches)
    errs.push(invalid(involvedPath.child('namespace'), involvedNamespace, 'does not match event.namespace'));
  for (const f of ['kind', 'name', 'apiVersion', 'uid', 'fieldPath'])
    stringAt(involved[f], involvedPath.child(f), errs);
  errs.push(...validateEnum(event.type, ['Normal', 'Warning'], path('type'), true));
  stringAt(event.reason, path('reason'), errs);
  stringAt(event.message, path('message'), errs);
  return errs;
}
