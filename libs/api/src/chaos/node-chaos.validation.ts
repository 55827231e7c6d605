/**
 * The rules of node actions (node-drain, node-down, node-partition): they pick nodes, so the pod-picking selector fields
 * (namespaces, names) and containerNames mean nothing to them; leaveCordoned is node-drain's.
 */
import { FieldError, FieldPath, forbidden, invalid } from '../errors';
import { booleanAt, isRecord, Obj } from '../validation/shape';
import { isNodeChaosAction } from './chaos.types';
import { parseGoDuration } from './go-duration';

export function validateNodeChaos(spec: Obj, specPath: FieldPath, action: string | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const leavePath = specPath.child('leaveCordoned');
  booleanAt(spec.leaveCordoned, leavePath, errs);
  if (action && action !== 'node-drain' && spec.leaveCordoned !== undefined)
    errs.push(forbidden(leavePath, 'only applies to action node-drain'));
  if (!isNodeChaosAction(action)) return errs;
  const why = `does not apply to action ${action} (it picks nodes: use selector.nodes or a node labelSelector)`;
  const selector = isRecord(spec.selector) ? spec.selector : {};
  for (const field of ['namespaces', 'names'])
    if (selector[field] !== undefined) errs.push(forbidden(specPath.child('selector').child(field), why));
  const lasting = action === 'node-down' || action === 'node-partition';
  if (lasting && typeof spec.duration === 'string' && parseGoDuration(spec.duration) === 0)
    errs.push(invalid(specPath.child('duration'), spec.duration, `${action} must last longer than 0s`));
  if (spec.containerNames !== undefined)
    errs.push(
      forbidden(specPath.child('containerNames'), `does not apply to action ${action} (it hits nodes)`),
    );
  return errs;
}
