/**
 * spec.selector.workload: the pods a workload controls, named by kind and name (`{kind:
 * DaemonSet, name: node-agent}`). Only pod actions pick pods; the others refuse it by name.
 */
import { FieldError, FieldPath, forbidden, invalid, notSupported, required } from '../errors';
import { isDNS1123Subdomain } from '../validation/names.validation';
import { isRecord, objectAt, Obj, stringAt } from '../validation/shape';
import { chaosWorkloadKinds, isPodChaosAction } from './chaos.types';

export function validateWorkloadSelector(
  spec: Obj,
  specPath: FieldPath,
  action: string | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const selector = isRecord(spec.selector) ? spec.selector : {};
  if (selector.workload === undefined) return errs;
  const workloadPath = specPath.child('selector').child('workload');
  // store-latency and queue-stall refuse a selector altogether: one error is enough.
  if (action && !isPodChaosAction(action) && !['store-latency', 'queue-stall'].includes(action))
    errs.push(forbidden(workloadPath, `does not apply to action ${action} (it does not pick pods)`));
  const workload = objectAt(selector.workload, workloadPath, errs);
  if (!workload) {
    if (selector.workload === null) errs.push(required(workloadPath));
    return errs;
  }
  const kindPath = workloadPath.child('kind');
  const kind = stringAt(workload.kind, kindPath, errs);
  if (workload.kind === undefined || workload.kind === null)
    errs.push(required(kindPath, `one of ${chaosWorkloadKinds.join(', ')}`));
  else if (kind !== undefined && !(chaosWorkloadKinds as readonly string[]).includes(kind))
    errs.push(notSupported(kindPath, kind, chaosWorkloadKinds));
  const namePath = workloadPath.child('name');
  const name = stringAt(workload.name, namePath, errs);
  if (workload.name === undefined || workload.name === null) errs.push(required(namePath));
  else if (name !== undefined)
    for (const message of isDNS1123Subdomain(name)) errs.push(invalid(namePath, name, message));
  for (const field of Object.keys(workload).filter((f) => !['kind', 'name'].includes(f)))
    errs.push(
      forbidden(
        workloadPath.child(field),
        'a workload is named by kind and name, in the selected namespaces',
      ),
    );
  return errs;
}
