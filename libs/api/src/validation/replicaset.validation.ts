/** ReplicaSet validation (apps/validation `ValidateReplicaSetSpec`). */
import { FieldError, path, required } from '../errors';
import { integerAt, objectAt, Obj } from './shape';
import { validateNonnegative } from './values.validation';
import { validateWorkloadSelectorAndTemplate } from './workload-selector-template.validation';

export function validateReplicaSet(rs: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(rs.spec, specPath, errs);
  if (!spec) return rs.spec === undefined || rs.spec === null ? [required(specPath)] : errs;
  errs.push(
    ...validateNonnegative(
      integerAt(spec.replicas, specPath.child('replicas'), errs),
      specPath.child('replicas'),
    ),
  );
  const minReady = integerAt(spec.minReadySeconds, specPath.child('minReadySeconds'), errs);
  errs.push(...validateNonnegative(minReady, specPath.child('minReadySeconds')));
  errs.push(...validateWorkloadSelectorAndTemplate(spec, specPath));
  return errs;
}
