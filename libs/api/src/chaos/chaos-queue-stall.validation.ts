/**
 * queue-stall's fields: the component whose queues stop and which of them. The chaos
 * controller's own queue (`chaos`) is refused: a stalled chaos queue could never end the run.
 */
import { FieldError, FieldPath, forbidden, invalid, notSupported, required } from '../errors';
import { isDNS1123Label } from '../validation/names.validation';
import { listAt, objectAt, Obj, stringAt } from '../validation/shape';
import { CHAOS_QUEUE, chaosQueueStallComponents } from './chaos.types';
import { parseGoDuration } from './go-duration';

export function validateQueueStall(spec: Obj, specPath: FieldPath, action: string | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const stallPath = specPath.child('queueStall');
  const stall = objectAt(spec.queueStall, stallPath, errs);
  if (action !== 'queue-stall') {
    if (action && spec.queueStall !== undefined)
      errs.push(forbidden(stallPath, 'only applies to action queue-stall'));
    return errs;
  }
  for (const field of ['selector', 'containerNames'] as const)
    if (spec[field] !== undefined)
      errs.push(
        forbidden(specPath.child(field), 'does not apply to action queue-stall (it stalls a component)'),
      );
  if (typeof spec.duration === 'string' && parseGoDuration(spec.duration) === 0)
    errs.push(invalid(specPath.child('duration'), spec.duration, 'queue-stall must last longer than 0s'));
  if (!stall) {
    if (spec.queueStall === undefined || spec.queueStall === null) errs.push(required(stallPath));
    return errs;
  }
  const componentPath = stallPath.child('component');
  const component = stringAt(stall.component, componentPath, errs);
  if (stall.component === undefined || stall.component === null) errs.push(required(componentPath));
  else if (component !== undefined && !(chaosQueueStallComponents as readonly string[]).includes(component))
    errs.push(notSupported(componentPath, component, chaosQueueStallComponents));
  const queuesPath = stallPath.child('queues');
  listAt(stall.queues, queuesPath, errs)?.forEach((item, i) => {
    const queue = stringAt(item, queuesPath.index(i), errs);
    if (queue === undefined) return;
    for (const message of isDNS1123Label(queue)) errs.push(invalid(queuesPath.index(i), queue, message));
    if (component === 'scheduler' && queue !== 'scheduler')
      errs.push(notSupported(queuesPath.index(i), queue, ['scheduler']));
    if (component === 'kubelet' && !queue.startsWith('kubelet-'))
      errs.push(invalid(queuesPath.index(i), queue, "a kubelet's queues are kubelet-<node name>"));
    if (queue === CHAOS_QUEUE)
      errs.push(
        forbidden(
          queuesPath.index(i),
          "the chaos controller's own queue is never stalled: the run could never end",
        ),
      );
  });
  return errs;
}
