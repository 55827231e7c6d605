/**
 * cpu-stress and memory-stress name their load in spec.stress as Kubernetes quantities: `cpu`
 * for cpu-stress, `memory` for memory-stress (the other one does not apply); both last.
 */
import { FieldError, FieldPath, forbidden, invalid, required } from '../errors';
import { parseQuantity, QuantityParseError } from '../quantity/quantity';
import { objectAt, Obj, stringAt } from '../validation/shape';
import { parseGoDuration } from './go-duration';

const stressField = { 'cpu-stress': 'cpu', 'memory-stress': 'memory' } as const;

export function validateStressChaos(
  spec: Obj,
  specPath: FieldPath,
  action: string | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const stressPath = specPath.child('stress');
  const stress = objectAt(spec.stress, stressPath, errs);
  if (action !== 'cpu-stress' && action !== 'memory-stress') {
    if (action && spec.stress !== undefined)
      errs.push(forbidden(stressPath, 'only applies to actions cpu-stress and memory-stress'));
    return errs;
  }
  if (typeof spec.duration === 'string' && parseGoDuration(spec.duration) === 0)
    errs.push(invalid(specPath.child('duration'), spec.duration, `${action} must last longer than 0s`));
  const wanted = stressField[action];
  if (!stress) {
    if (spec.stress === undefined || spec.stress === null)
      errs.push(required(stressPath.child(wanted), `the ${wanted} each container takes on`));
    return errs;
  }
  for (const field of ['cpu', 'memory'] as const) {
    const fieldPath = stressPath.child(field);
    const text = stringAt(stress[field], fieldPath, errs);
    if (field !== wanted) {
      if (stress[field] !== undefined) errs.push(forbidden(fieldPath, `does not apply to action ${action}`));
      continue;
    }
    if (stress[field] === undefined || stress[field] === null) {
      errs.push(required(fieldPath, `the ${field} each container takes on`));
      continue;
    }
    if (text === undefined) continue;
    try {
      if (parseQuantity(text).value() <= 0) errs.push(invalid(fieldPath, text, 'must be greater than 0'));
    } catch (error) {
      if (!(error instanceof QuantityParseError)) throw error;
      errs.push(invalid(fieldPath, text, error.message));
    }
  }
  return errs;
}
