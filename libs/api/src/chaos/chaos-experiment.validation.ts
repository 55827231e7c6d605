/**
 * ChaosExperiment validation: every field error at once, each naming its path, as a 422. Also the
 * safety rule that kube-system is only reachable by naming pods explicitly.
 */
import { FieldError, FieldPath, forbidden, invalid, notSupported, path, required } from '../errors';
import { LabelSelectorSyntaxError, parseRequirements } from '../selectors/label-selector.parser';
import { validateLabelSelector } from '../selectors/label-selector.validation';
import { isDNS1123Label, isDNS1123Subdomain } from '../validation/names.validation';
import { booleanAt, integerAt, isRecord, listAt, objectAt, Obj, stringAt } from '../validation/shape';
import {
  chaosActions,
  chaosModes,
  chaosStoreOperations,
  isComponentChaosAction,
  isNodeChaosAction,
} from './chaos.types';
import { parseGoDuration } from './go-duration';
import { validateQueueStall } from './chaos-queue-stall.validation';
import { validateNodeChaos } from './node-chaos.validation';
import { validateComponentChaos } from './component-chaos.validation';
import { validateStressChaos } from './stress-chaos.validation';
import { validateWorkloadSelector } from './chaos-workload.validation';

export const KUBE_SYSTEM = 'kube-system';
/** Scheduled runs no closer than this: chaos is rate-limited by design. */
export const MIN_SCHEDULE_INTERVAL_MS = 1_000;

export function validateChaosExperiment(experiment: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(experiment.spec, specPath, errs);
  if (!spec) return experiment.spec === undefined || experiment.spec === null ? [required(specPath)] : errs;

  const actionText = stringAt(spec.action, specPath.child('action'), errs);
  // Action-specific rules apply once the action is known.
  let action: string | undefined;
  if (actionText === undefined) {
    if (spec.action === undefined || spec.action === null) errs.push(required(specPath.child('action')));
  } else if (!(chaosActions as readonly string[]).includes(actionText)) {
    errs.push(notSupported(specPath.child('action'), actionText, chaosActions));
  } else {
    action = actionText;
  }

  const namespace = isRecord(experiment.metadata) ? experiment.metadata.namespace : undefined;
  errs.push(
    ...validateSelector(
      spec.selector,
      specPath.child('selector'),
      namespace,
      isNodeChaosAction(action) || isComponentChaosAction(action),
    ),
  );
  errs.push(...validateMode(spec, specPath));
  duration(spec.duration, specPath.child('duration'), errs);
  duration(spec.recoveryTimeout, specPath.child('recoveryTimeout'), errs);
  const schedule = objectAt(spec.schedule, specPath.child('schedule'), errs);
  if (schedule) {
    const everyPath = specPath.child('schedule').child('every');
    const every = duration(schedule.every, everyPath, errs);
    if (schedule.every === undefined || schedule.every === null) errs.push(required(everyPath));
    else if (every !== undefined && every < MIN_SCHEDULE_INTERVAL_MS)
      errs.push(invalid(everyPath, schedule.every, 'must be at least 1s'));
  }
  booleanAt(spec.dryRun, specPath.child('dryRun'), errs);

  const grace = integerAt(spec.gracePeriodSeconds, specPath.child('gracePeriodSeconds'), errs);
  if (grace !== undefined && grace < 0)
    errs.push(invalid(specPath.child('gracePeriodSeconds'), grace, 'must be greater than or equal to 0'));
  if (
    spec.gracePeriodSeconds !== undefined &&
    action !== undefined &&
    !['pod-kill', 'node-drain'].includes(action)
  )
    errs.push(
      forbidden(specPath.child('gracePeriodSeconds'), 'only applies to actions pod-kill and node-drain'),
    );

  errs.push(...validateHttpFault(spec, specPath, action));
  errs.push(...validateStoreLatency(spec, specPath, action));
  errs.push(...validateQueueStall(spec, specPath, action));
  errs.push(...validateNodeChaos(spec, specPath, action));
  errs.push(...validateComponentChaos(spec, specPath, action));
  errs.push(...validateStressChaos(spec, specPath, action));
  errs.push(...validateWorkloadSelector(spec, specPath, action));

  const containersPath = specPath.child('containerNames');
  names(spec.containerNames, containersPath, isDNS1123Label, errs);
  if (spec.containerNames !== undefined && action === 'pod-kill')
    errs.push(forbidden(containersPath, 'does not apply to action pod-kill (it deletes whole pods)'));
  if (spec.containerNames !== undefined && action === 'http-fault')
    errs.push(forbidden(containersPath, 'does not apply to action http-fault (it disturbs a Service)'));
  return errs;
}

/** spec.action cannot change: a run half done under one action cannot be recovered as another. */
export function validateChaosExperimentUpdate(experiment: Obj, old: Obj): FieldError[] {
  const action = isRecord(experiment.spec) ? experiment.spec.action : undefined;
  const oldAction = isRecord(old.spec) ? old.spec.action : undefined;
  return action === oldAction ? [] : [invalid(path('spec').child('action'), action, 'field is immutable')];
}

/** http-fault names a Service and what to do to its requests; other actions take neither. */
function validateHttpFault(spec: Obj, specPath: FieldPath, action: string | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const servicePath = specPath.child('service');
  const faultPath = specPath.child('httpFault');
  const service = stringAt(spec.service, servicePath, errs);
  const fault = objectAt(spec.httpFault, faultPath, errs);
  if (action !== 'http-fault') {
    if (action && spec.service !== undefined)
      errs.push(forbidden(servicePath, 'only applies to action http-fault'));
    if (action && spec.httpFault !== undefined)
      errs.push(forbidden(faultPath, 'only applies to action http-fault'));
    return errs;
  }
  if (service === undefined) errs.push(required(servicePath, 'the Service whose traffic to disturb'));
  else for (const message of isDNS1123Label(service)) errs.push(invalid(servicePath, service, message));
  if (!fault) {
    if (spec.httpFault === undefined || spec.httpFault === null) errs.push(required(faultPath));
    return errs;
  }
  duration(fault.delay, faultPath.child('delay'), errs);
  const percent = integerAt(fault.errorPercent, faultPath.child('errorPercent'), errs);
  if (percent !== undefined && (percent < 0 || percent > 100))
    errs.push(invalid(faultPath.child('errorPercent'), percent, 'must be between 0 and 100'));
  const code = integerAt(fault.errorCode, faultPath.child('errorCode'), errs);
  if (code !== undefined && (code < 400 || code > 599))
    errs.push(invalid(faultPath.child('errorCode'), code, 'must be an HTTP error status (400-599)'));
  if (fault.delay === undefined && fault.errorPercent === undefined)
    errs.push(required(faultPath, 'a delay, an errorPercent, or both'));
  return errs;
}

/** store-latency says how much to slow the apiserver's store; other actions take no storeLatency. */
function validateStoreLatency(spec: Obj, specPath: FieldPath, action: string | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const latencyPath = specPath.child('storeLatency');
  const latency = objectAt(spec.storeLatency, latencyPath, errs);
  if (action !== 'store-latency') {
    if (action && spec.storeLatency !== undefined)
      errs.push(forbidden(latencyPath, 'only applies to action store-latency'));
    return errs;
  }
  for (const field of ['selector', 'containerNames'] as const)
    if (spec[field] !== undefined)
      errs.push(
        forbidden(specPath.child(field), 'does not apply to action store-latency (it slows the apiserver)'),
      );
  if (spec.duration !== undefined && parseGoDuration(String(spec.duration)) === 0)
    errs.push(invalid(specPath.child('duration'), spec.duration, 'store-latency must last longer than 0s'));
  if (!latency) {
    if (spec.storeLatency === undefined || spec.storeLatency === null) errs.push(required(latencyPath));
    return errs;
  }
  const delayPath = latencyPath.child('delay');
  if (latency.delay === undefined || latency.delay === null) errs.push(required(delayPath));
  duration(latency.delay, delayPath, errs);
  duration(latency.jitter, latencyPath.child('jitter'), errs);
  const operations = listAt(latency.operations, latencyPath.child('operations'), errs);
  operations?.forEach((operation, i) => {
    const operationPath = latencyPath.child('operations').index(i);
    const text = stringAt(operation, operationPath, errs);
    if (text !== undefined && !(chaosStoreOperations as readonly string[]).includes(text))
      errs.push(notSupported(operationPath, text, chaosStoreOperations));
  });
  return errs;
}

function validateSelector(
  value: unknown,
  fieldPath: FieldPath,
  namespace: unknown,
  picksNodes: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const selector = objectAt(value, fieldPath, errs) ?? {};
  const namespaces = names(selector.namespaces, fieldPath.child('namespaces'), isDNS1123Label, errs);
  const podNames = names(selector.names, fieldPath.child('names'), isDNS1123Subdomain, errs);
  names(selector.nodes, fieldPath.child('nodes'), isDNS1123Subdomain, errs);
  const labelPath = fieldPath.child('labelSelector');
  if (typeof selector.labelSelector === 'string') {
    try {
      parseRequirements(selector.labelSelector);
    } catch (error) {
      if (!(error instanceof LabelSelectorSyntaxError)) throw error;
      errs.push(invalid(labelPath, selector.labelSelector, error.message));
    }
  } else {
    errs.push(...validateLabelSelector(selector.labelSelector, labelPath));
  }
  // kube-system only by name: an experiment there, or listing it, must say which pods.
  // (A node action picks nodes; the pods it disturbs there are not selected by namespace.)
  const reachesKubeSystem =
    !picksNodes && (namespaces ? namespaces.includes(KUBE_SYSTEM) : namespace === KUBE_SYSTEM);
  if (reachesKubeSystem && !podNames?.length) {
    errs.push(
      required(fieldPath.child('names'), 'pods in kube-system are only targeted when named explicitly'),
    );
  }
  if (reachesKubeSystem && !namespaces)
    errs.push(required(fieldPath.child('namespaces'), 'list kube-system explicitly to target pods in it'));
  return errs;
}

function validateMode(spec: Obj, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mode = stringAt(spec.mode, specPath.child('mode'), errs) ?? 'one';
  if (!(chaosModes as readonly string[]).includes(mode))
    errs.push(notSupported(specPath.child('mode'), mode, chaosModes));
  const valuePath = specPath.child('value');
  const value = integerAt(spec.value, valuePath, errs);
  if (mode === 'fixed' || mode === 'fixed-percent') {
    if (spec.value === undefined || spec.value === null)
      errs.push(required(valuePath, `mode ${mode} needs a value`));
    else if (value !== undefined && value < 1) errs.push(invalid(valuePath, value, 'must be at least 1'));
    else if (value !== undefined && mode === 'fixed-percent' && value > 100)
      errs.push(invalid(valuePath, value, 'must be at most 100 (percent)'));
  } else if (spec.value !== undefined && spec.value !== null) {
    errs.push(forbidden(valuePath, `only applies to modes fixed and fixed-percent, not ${mode}`));
  }
  return errs;
}

function duration(value: unknown, fieldPath: FieldPath, errs: FieldError[]): number | undefined {
  const text = stringAt(value, fieldPath, errs);
  if (text === undefined) return undefined;
  const ms = parseGoDuration(text);
  if (ms === undefined)
    errs.push(invalid(fieldPath, text, 'must be a duration such as "30s", "1m30s" or "500ms"'));
  return ms;
}

function names(
  value: unknown,
  fieldPath: FieldPath,
  check: (name: string) => string[],
  errs: FieldError[],
): string[] | undefined {
  const list = listAt(value, fieldPath, errs);
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((item, i) => {
    const name = stringAt(item, fieldPath.index(i), errs);
    if (name === undefined) return;
    for (const message of check(name)) errs.push(invalid(fieldPath.index(i), name, message));
    out.push(name);
  });
  return out;
}
