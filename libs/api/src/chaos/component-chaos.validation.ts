/**
 * The rules of component-kill and component-pause: they name a component; only a kubelet is
 * picked with a selector (its nodes: selector.nodes or a node labelSelector, with spec.mode);
 * a pause lasts, a kill is instant.
 */
import { FieldError, FieldPath, forbidden, invalid, notSupported, required } from '../errors';
import { isRecord, Obj, stringAt } from '../validation/shape';
import { chaosComponents, isComponentChaosAction } from './chaos.types';
import { parseGoDuration } from './go-duration';

export function validateComponentChaos(
  spec: Obj,
  specPath: FieldPath,
  action: string | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const componentPath = specPath.child('component');
  const component = stringAt(spec.component, componentPath, errs);
  if (!isComponentChaosAction(action)) {
    if (action && spec.component !== undefined)
      errs.push(forbidden(componentPath, 'only applies to actions component-kill and component-pause'));
    return errs;
  }
  if (spec.component === undefined || spec.component === null)
    errs.push(required(componentPath, `one of ${chaosComponents.map((c) => `"${c}"`).join(', ')}`));
  else if (component !== undefined && !(chaosComponents as readonly string[]).includes(component))
    errs.push(notSupported(componentPath, component, chaosComponents));

  const selector = isRecord(spec.selector) ? spec.selector : {};
  const selectorPath = specPath.child('selector');
  if (component === 'kubelet') {
    const why = `does not apply to action ${action} (a kubelet is picked by its nodes: use selector.nodes or a node labelSelector)`;
    for (const field of ['namespaces', 'names'])
      if (selector[field] !== undefined) errs.push(forbidden(selectorPath.child(field), why));
  } else if (component !== undefined) {
    const why = `does not apply to component ${component} (only a kubelet is picked by a selector)`;
    if (spec.selector !== undefined) errs.push(forbidden(selectorPath, why));
    if (spec.value !== undefined) errs.push(forbidden(specPath.child('value'), why));
  }
  if (spec.containerNames !== undefined)
    errs.push(
      forbidden(specPath.child('containerNames'), `does not apply to action ${action} (it hits a process)`),
    );

  const durationPath = specPath.child('duration');
  const duration = typeof spec.duration === 'string' ? parseGoDuration(spec.duration) : undefined;
  if (action === 'component-pause') {
    if (spec.duration === undefined || spec.duration === null)
      errs.push(required(durationPath, 'how long the process stays stopped'));
    else if (duration === 0)
      errs.push(invalid(durationPath, spec.duration, 'component-pause must last longer than 0s'));
  } else if (duration !== undefined && duration > 0) {
    errs.push(
      invalid(durationPath, spec.duration, 'component-kill is instant: the process is restarted at once'),
    );
  }
  return errs;
}
