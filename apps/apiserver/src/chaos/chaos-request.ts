/**
 * The quick way in: `POST /chaos/v1/<action>?namespace=demo&labelSelector=app=web&mode=one` turned
 * into the ChaosExperiment it stands for, so the REST endpoints and kubectl share one engine.
 * Query parameters are spec fields (http-fault's `delay`, `errorPercent`, `errorCode` are those of
 * spec.httpFault; store-latency's `delay`, `jitter`, `operations` those of spec.storeLatency;
 * queue-stall's `component`, `queues` those of spec.queueStall; component-kill's and
 * component-pause's `component` is spec.component; cpu-stress's `cpu` and memory-stress's
 * `memory` are those of spec.stress; `workload=DaemonSet/node-agent` is spec.selector.workload,
 * its kind in any case, as kubectl's `daemonset/node-agent`);
 * lists are comma-separated.
 */
import {
  ApiError,
  CHAOS_API_VERSION,
  ChaosExperiment,
  chaosActions,
  ChaosExperimentSpec,
  chaosWorkloadKinds,
  isComponentChaosAction,
} from '@orchestra/api';

/** Every query parameter the endpoints understand (anything else is a 400, not silently ignored). */
const known = new Set([
  'namespace',
  'labelSelector',
  'names',
  'nodes',
  'namespaces',
  'workload',
  'mode',
  'value',
  'duration',
  'every',
  'dryRun',
  'gracePeriodSeconds',
  'leaveCordoned',
  'containerNames',
  'recoveryTimeout',
  'name',
  // http-fault
  'service',
  'delay',
  'errorPercent',
  'errorCode',
  // store-latency (and delay)
  'jitter',
  'operations',
  // cpu-stress, memory-stress
  'cpu',
  'memory',
  // queue-stall, component-kill, component-pause
  'component',
  'queues',
]);

export function experimentFromQuery(action: string, query: URLSearchParams): ChaosExperiment {
  if (!(chaosActions as readonly string[]).includes(action)) {
    throw ApiError.pathNotFound(
      `unknown chaos action "${action}": supported actions are ${chaosActions.join(', ')}`,
    );
  }
  for (const key of query.keys())
    if (!known.has(key)) throw ApiError.badRequest(`unknown query parameter "${key}"`);
  const list = (key: string) => {
    const value = query.get(key);
    return value === null ? undefined : value.split(',').filter(Boolean);
  };
  const text = (key: string) => query.get(key) ?? undefined;
  // Numbers stay text when they do not parse, so validation names the field.
  const number = (key: string) => {
    const value = query.get(key);
    if (value === null) return undefined;
    return /^-?\d+$/.test(value) ? Number(value) : value;
  };
  const spec: Record<string, unknown> = {
    action,
    selector: emptyToUndefined(
      dropUndefined({
        namespaces: list('namespaces'),
        labelSelector: text('labelSelector'),
        names: list('names'),
        nodes: list('nodes'),
        workload: workloadOf(text('workload')),
      }),
    ),
    mode: text('mode'),
    value: number('value'),
    duration: text('duration'),
    schedule: query.has('every') ? { every: query.get('every') } : undefined,
    dryRun: query.has('dryRun') ? ['', 'true', '1', 'All'].includes(query.get('dryRun')!) : undefined,
    gracePeriodSeconds: number('gracePeriodSeconds'),
    leaveCordoned: query.has('leaveCordoned')
      ? ['', 'true', '1'].includes(query.get('leaveCordoned')!)
      : undefined,
    containerNames: list('containerNames'),
    recoveryTimeout: text('recoveryTimeout'),
    service: text('service'),
    httpFault:
      action !== 'store-latency' &&
      (query.has('delay') || query.has('errorPercent') || query.has('errorCode'))
        ? dropUndefined({
            delay: text('delay'),
            errorPercent: number('errorPercent'),
            errorCode: number('errorCode'),
          })
        : undefined,
    storeLatency:
      action === 'store-latency' || query.has('jitter') || query.has('operations')
        ? dropUndefined({ delay: text('delay'), jitter: text('jitter'), operations: list('operations') })
        : undefined,
    stress:
      query.has('cpu') || query.has('memory')
        ? dropUndefined({ cpu: text('cpu'), memory: text('memory') })
        : undefined,
    component: isComponentChaosAction(action) ? text('component') : undefined,
    queueStall:
      action === 'queue-stall' ||
      (!isComponentChaosAction(action) && query.has('component')) ||
      query.has('queues')
        ? dropUndefined({ component: text('component'), queues: list('queues') })
        : undefined,
  };
  const name = text('name');
  return {
    apiVersion: CHAOS_API_VERSION,
    kind: 'ChaosExperiment',
    metadata: name ? { name } : { generateName: `${action}-` },
    spec: dropUndefined(spec) as unknown as ChaosExperimentSpec,
  };
}

/**
 * `Kind/name` as spec.selector.workload, the kind spelt as the API spells it whatever its case
 * (an unknown kind is kept as given, for validation to name).
 */
function workloadOf(value: string | undefined): { kind: string; name?: string } | undefined {
  if (value === undefined) return undefined;
  const slash = value.indexOf('/');
  const kind = slash < 0 ? value : value.slice(0, slash);
  const canonical = chaosWorkloadKinds.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? kind;
  return slash < 0 ? { kind: canonical } : { kind: canonical, name: value.slice(slash + 1) };
}

/** No selector parameters: no spec.selector (store-latency refuses one). */
function emptyToUndefined<T extends Record<string, unknown>>(record: T): T | undefined {
  return Object.keys(record).length ? record : undefined;
}

function dropUndefined<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}
