// The Workloads section, as the Kubernetes Dashboard's Workloads page and `kubectl get` show
// them: one table of Deployments, StatefulSets, DaemonSets, Jobs and CronJobs (ready of desired,
// or completions; images, or a CronJob's schedule; age), a row marked while its workload is short
// of what it wants, and one of HorizontalPodAutoscalers (reference, targets, min/max, replicas).
import { age, h } from './dom.js';

/** The kinds of the table, in its order. */
export const workloadKinds = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

const images = (template) => (template?.spec?.containers ?? []).map((c) => c.image).join(', ');

const hasCondition = (object, type) =>
  (object.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** kubectl's COMPLETIONS: succeeded of completions, `n/1 of p` for a work queue. */
function jobCompletions(job) {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null)
    return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** kubectl's Job STATUS, finished conditions first. */
function jobStatus(job) {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  return 'Running';
}

/** `{ ready, detail, what, state }` of one workload: its row's cells beside kind, namespace, name. */
function describe(kind, o) {
  const status = o.status ?? {};
  switch (kind) {
    case 'Deployment': {
      const desired = o.spec?.replicas ?? 1;
      const { readyReplicas = 0, availableReplicas = 0, updatedReplicas = 0 } = status;
      const healthy = readyReplicas >= desired && availableReplicas >= desired && updatedReplicas >= desired;
      return {
        ready: `${readyReplicas}/${desired}`,
        detail: `${updatedReplicas} up-to-date, ${availableReplicas} available`,
        what: images(o.spec?.template),
        state: healthy ? '' : 'short',
      };
    }
    case 'StatefulSet': {
      const desired = o.spec?.replicas ?? 1;
      const ready = status.readyReplicas ?? 0;
      return {
        ready: `${ready}/${desired}`,
        detail: `${status.updatedReplicas ?? 0} up-to-date, ${status.currentReplicas ?? 0} current`,
        what: images(o.spec?.template),
        state: ready >= desired ? '' : 'short',
      };
    }
    case 'DaemonSet': {
      const desired = status.desiredNumberScheduled ?? 0;
      const ready = status.numberReady ?? 0;
      return {
        ready: `${ready}/${desired}`,
        detail: `${status.updatedNumberScheduled ?? 0} up-to-date, ${status.numberAvailable ?? 0} available`,
        what: images(o.spec?.template),
        state: ready >= desired ? '' : 'short',
      };
    }
    case 'Job': {
      const phase = jobStatus(o);
      return {
        ready: jobCompletions(o),
        detail: phase,
        what: images(o.spec?.template),
        state: phase === 'Failed' ? 'warning' : '',
      };
    }
    case 'CronJob': {
      const last = status.lastScheduleTime;
      return {
        ready: `${status.active?.length ?? 0} active`,
        detail: last ? `last scheduled ${age(last)} ago` : 'never scheduled',
        what: `${o.spec?.schedule ?? ''}${o.spec?.suspend ? ' (suspended)' : ''}`,
        state: '',
      };
    }
    default:
      return { ready: '', detail: '', what: '', state: '' };
  }
}

const byName = (a, b) =>
  `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`);

/** `workloads`: kind → its objects (a kind not listed yet or not readable: none). */
export function renderWorkloads(tbody, workloads) {
  const rows = workloadKinds.flatMap((kind) =>
    [...(workloads[kind] ?? [])].sort(byName).map((o) => {
      const { ready, detail, what, state } = describe(kind, o);
      return h(
        'tr',
        { class: state, 'data-workload': `${kind}/${o.metadata.namespace}/${o.metadata.name}` },
        h('td', { class: 'kind' }, kind),
        h('td', {}, o.metadata.namespace),
        h('td', {}, o.metadata.name),
        h('td', { class: 'num', title: detail }, ready),
        h('td', { class: 'target' }, what),
        h('td', { class: 'num' }, age(o.metadata.creationTimestamp)),
      );
    }),
  );
  tbody.replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'no workloads'))]),
  );
}

const MAX_LISTED_METRICS = 4;

/**
 * kubectl's TARGETS (printers.go formatHPAMetrics, as the apiserver's own printer): `cpu: 34%/50%`
 * per resource metric, `<unknown>` for a value not measured yet, `+ N more...` past the fourth.
 */
export function hpaTargets(hpa) {
  const specs = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const list = specs.slice(0, MAX_LISTED_METRICS).map((spec, i) => {
    const current = statuses[i]?.resource?.current;
    const resource = spec.resource;
    if (spec.type !== 'Resource' || !resource) return '<unknown>/<unknown>';
    const target = resource.target ?? {};
    if (target.averageValue !== undefined)
      return `${resource.name}: ${current?.averageValue ?? '<unknown>'}/${target.averageValue}`;
    const now = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
    const wanted = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
    return `${resource.name}: ${now}/${wanted}`;
  });
  const more = specs.length - MAX_LISTED_METRICS;
  return more > 0 ? `${list.join(', ')} + ${more} more...` : list.join(', ');
}

export function renderAutoscalers(tbody, hpas) {
  const rows = [...hpas].sort(byName).map((hpa) => {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const { currentReplicas = 0, desiredReplicas = currentReplicas } = hpa.status ?? {};
    return h(
      'tr',
      { 'data-hpa': `${hpa.metadata.namespace}/${hpa.metadata.name}` },
      h('td', {}, hpa.metadata.namespace),
      h('td', {}, hpa.metadata.name),
      h('td', {}, `${ref.kind ?? ''}/${ref.name ?? ''}`),
      h('td', { class: 'target' }, hpaTargets(hpa)),
      h('td', { class: 'num' }, `${hpa.spec?.minReplicas ?? 1}/${hpa.spec?.maxReplicas ?? ''}`),
      h('td', { class: 'num', title: `desired ${desiredReplicas}` }, String(currentReplicas)),
      h('td', { class: 'num' }, age(hpa.metadata.creationTimestamp)),
    );
  });
  tbody.replaceChildren(
    ...(rows.length
      ? rows
      : [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'no HorizontalPodAutoscalers'))]),
  );
}
