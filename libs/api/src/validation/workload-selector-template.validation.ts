/**
 * The selector and pod template of an apps/v1 controller of long-running pods (Deployment,
 * ReplicaSet, DaemonSet, StatefulSet): `spec.selector` required and non-empty, `spec.template`
 * with labels it matches and pods that restart Always (the parts in pod-template.validation.ts).
 */
import { FieldError, FieldPath } from '../errors';
import { validateWorkloadSelector, validateWorkloadTemplate } from './pod-template.validation';
import { Obj } from './shape';

/**
 * `spec.selector` and `spec.template` of the workload spec at `specPath`, selector errors first;
 * the template's labels are matched only against a usable selector.
 */
export function validateWorkloadSelectorAndTemplate(spec: Obj, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const selector = validateWorkloadSelector(spec, specPath, errs);
  errs.push(...validateWorkloadTemplate(spec, selector, specPath));
  return errs;
}
