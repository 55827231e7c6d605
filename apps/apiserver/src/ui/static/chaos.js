// Chaos from the page: each button creates a ChaosExperiment through the chaos API (the same
// one curl uses); one watch on all ChaosExperiments then shows every run, this page's and
// those started by curl or kubectl, with what the chaos controller measured: phase, verdict,
// time to recover. (One watch for all, not one per run: the browser's connections are few.)
import { request } from './api.js';
import { h, syncChildren } from './dom.js';

export const chaosExperimentsPath = '/apis/chaos.orchestra.dev/v1alpha1/chaosexperiments';
/** The namespace for experiments not about one pod (node and component faults). */
const defaultNamespace = 'default';
const ended = new Set(['Recovered', 'Failed']);
/** The newest runs only: a long session of clicking must not grow the page. */
const maxRuns = 20;

const keyOf = (e) => `${e.metadata.namespace}/${e.metadata.name}`;

/** What a run hits, in a few words, from its spec. */
export function describeTarget(experiment) {
  const { spec, metadata } = experiment;
  const selector = spec.selector ?? {};
  if (spec.component) {
    return spec.component === 'kubelet' && selector.nodes?.length
      ? `kubelet of ${selector.nodes.join(', ')}`
      : spec.component;
  }
  if (selector.nodes?.length) return `node ${selector.nodes.join(', ')}`;
  if (selector.names?.length) return `pod ${metadata.namespace}/${selector.names.join(', ')}`;
  if (selector.workload)
    return `${selector.workload.kind.toLowerCase()} ${metadata.namespace}/${selector.workload.name}`;
  if (spec.service) return `service ${metadata.namespace}/${spec.service}`;
  const labels = selector.labelSelector;
  if (typeof labels === 'string') return labels;
  if (labels?.matchLabels)
    return Object.entries(labels.matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  return metadata.namespace;
}

export class ChaosPanel {
  constructor({ runsBody, errorBox }, config) {
    this.runsBody = runsBody;
    this.errorBox = errorBox;
    this.config = config;
    this.rows = new Map();
    this.watched = [];
    this.created = new Map();
  }

  killPod(pod) {
    const { name, namespace } = pod.metadata;
    return this.run(
      'pod-kill',
      { namespace, names: name, gracePeriodSeconds: '0' },
      `pod ${namespace}/${name}`,
    );
  }

  nodeDown(node) {
    return this.run(
      'node-down',
      { namespace: defaultNamespace, nodes: node, duration: '30s' },
      `node ${node}`,
    );
  }

  killComponent(component, node) {
    const params = { namespace: defaultNamespace, component };
    // A kubelet is one process per node set: the API wants to know whose.
    if (component === 'kubelet') params.nodes = node;
    return this.run('component-kill', params, component === 'kubelet' ? `kubelet of ${node}` : component);
  }

  async run(action, params, target) {
    this.showError(undefined);
    try {
      const experiment = await request('POST', `/chaos/v1/${action}?${new URLSearchParams(params)}`);
      // Shown at once, before the watch brings it.
      this.created.set(keyOf(experiment), experiment);
      this.render();
    } catch (error) {
      // The Status message says what was wrong (a 422 names the field, a 403 says chaos is off).
      this.showError(`${action} on ${target} failed: ${error.message}`);
    }
  }

  /** Forgets this page's runs and any error (on sign-out: the next user starts afresh). */
  reset() {
    this.created.clear();
    this.showError(undefined);
  }

  /** The chaosexperiments informer's contents. */
  setExperiments(experiments) {
    this.watched = experiments;
    for (const e of experiments) this.created.delete(keyOf(e));
    this.render();
  }

  render() {
    const all = [...this.watched, ...this.created.values()]
      .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))
      .slice(0, maxRuns);
    const rows = all.map((e) => {
      const key = keyOf(e);
      if (!this.rows.has(key)) this.rows.set(key, new RunRow(e, this.config));
      const row = this.rows.get(key);
      row.update(e);
      return row.root;
    });
    const shown = new Set(all.map(keyOf));
    for (const key of this.rows.keys()) if (!shown.has(key)) this.rows.delete(key);
    syncChildren(this.runsBody, rows);
  }

  showError(message) {
    this.errorBox.textContent = message ?? '';
    this.errorBox.hidden = !message;
  }
}

/** One experiment's row: action and target, phase, verdict, time to recover, Grafana link. */
class RunRow {
  constructor(experiment, config) {
    this.config = config;
    this.target = h('span', { class: 'target' });
    this.phase = h('td', { class: 'phase' });
    this.verdict = h('td', { class: 'verdict' });
    this.recovery = h('td', { class: 'num recovery' });
    this.link = h('td');
    this.root = h(
      'tr',
      { 'data-experiment': keyOf(experiment) },
      h('td', {}, h('strong', {}, experiment.spec.action), ' ', this.target),
      this.phase,
      this.verdict,
      this.recovery,
      this.link,
    );
  }

  update(experiment) {
    const status = experiment.status ?? {};
    const phase = status.phase ?? 'Pending';
    this.target.textContent = describeTarget(experiment);
    this.phase.textContent = phase;
    this.phase.dataset.phase = phase;
    this.verdict.textContent = status.verdict ?? '';
    this.verdict.dataset.verdict = status.verdict ?? '';
    this.verdict.title = status.message ?? '';
    this.recovery.textContent =
      status.timeToRecoverSeconds !== undefined ? `${status.timeToRecoverSeconds} s` : '';
    this.link.replaceChildren(this.grafanaLink(experiment));
  }

  /** The Self-healing dashboard from a minute before the run to a minute after its end (or now). */
  grafanaLink(experiment) {
    const status = experiment.status ?? {};
    const start = Date.parse(status.injectedAt ?? experiment.metadata.creationTimestamp);
    const end = ended.has(status.phase) ? (status.recoveredAt ?? status.lastRunAt) : undefined;
    const to = end ? Math.max(Date.parse(end), start) + 60_000 : 'now';
    const uid = this.config.dashboards.find((d) => d.id === 'self-healing')?.uid ?? 'orchestra-self-healing';
    const href = `${this.config.grafanaUrl}/d/${uid}?from=${start - 60_000}&to=${to}`;
    const title = 'the Self-healing dashboard around this run';
    return h('a', { href, target: '_blank', rel: 'noopener', title }, 'Grafana ↗');
  }
}

/** The "kill component" form: a kubelet needs a node, the others do not. */
export function wireComponentKill(form, panel) {
  const component = form.elements.component;
  const node = form.elements.node;
  const sync = () => (node.disabled = component.value !== 'kubelet');
  component.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await panel.killComponent(component.value, node.value);
    } finally {
      button.disabled = false;
    }
  });
}

/** Keeps the form's node list in step with the cluster's nodes. */
export function setNodeOptions(select, nodes) {
  const names = nodes
    .map((n) => n.metadata.name)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  if (names.join() === [...select.options].map((o) => o.value).join()) return;
  const chosen = select.value;
  select.replaceChildren(
    ...names.map((name) => h('option', { value: name, selected: name === chosen }, name)),
  );
}
