// Chaos from the page: each button creates a ChaosExperiment through the chaos API (the same
// one curl uses), then follows that one experiment with its own watch until the run ends, so
// the page shows what the chaos controller measured: phase, verdict, time to recover.
import { Informer, request } from './api.js';
import { h } from './dom.js';

/** The namespace for experiments not about one pod (node and component faults). */
const defaultNamespace = 'default';
const ended = new Set(['Recovered', 'Failed']);
const maxRuns = 20;

export class ChaosPanel {
  constructor({ runsBody, errorBox }, config) {
    this.runsBody = runsBody;
    this.errorBox = errorBox;
    this.config = config;
    this.rows = [];
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
    let experiment;
    try {
      experiment = await request('POST', `/chaos/v1/${action}?${new URLSearchParams(params)}`);
    } catch (error) {
      // The Status message says what was wrong (a 422 names the field, a 403 says chaos is off).
      this.showError(`${action} on ${target} failed: ${error.message}`);
      return;
    }
    const row = new RunRow(experiment, target, this.config);
    this.runsBody.prepend(row.root);
    this.rows.unshift(row);
    // The newest runs only: a long session of clicking must not grow the page (or its watches).
    for (const old of this.rows.splice(maxRuns)) {
      old.informer?.stop();
      old.root.remove();
    }
    const { namespace, name } = experiment.metadata;
    const path = `/apis/chaos.orchestra.dev/v1alpha1/namespaces/${namespace}/chaosexperiments?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`;
    const informer = (row.informer = new Informer(path, {
      onChange: ([latest]) => {
        if (!latest) return;
        row.update(latest);
        if (ended.has(latest.status?.phase) && !latest.spec?.schedule) informer.stop();
      },
    }).start());
  }

  showError(message) {
    this.errorBox.textContent = message ?? '';
    this.errorBox.hidden = !message;
  }
}

/** One experiment's row: action and target, phase, verdict, time to recover, Grafana link. */
class RunRow {
  constructor(experiment, target, config) {
    this.config = config;
    this.phase = h('td', { class: 'phase' });
    this.verdict = h('td', { class: 'verdict' });
    this.recovery = h('td', { class: 'num recovery' });
    this.link = h('td');
    this.root = h(
      'tr',
      { 'data-experiment': `${experiment.metadata.namespace}/${experiment.metadata.name}` },
      h('td', {}, h('strong', {}, experiment.spec.action), ' ', h('span', { class: 'target' }, target)),
      this.phase,
      this.verdict,
      this.recovery,
      this.link,
    );
    this.update(experiment);
  }

  update(experiment) {
    const status = experiment.status ?? {};
    const phase = status.phase ?? 'Pending';
    this.phase.textContent = phase;
    this.phase.dataset.phase = phase;
    this.verdict.textContent = status.verdict ?? '';
    this.verdict.dataset.verdict = status.verdict ?? '';
    this.recovery.textContent =
      status.timeToRecoverSeconds !== undefined ? `${status.timeToRecoverSeconds} s` : '';
    if (status.message && phase === 'Failed') this.verdict.title = status.message;
    this.link.replaceChildren(this.grafanaLink(experiment));
  }

  /** The Self-healing dashboard from a minute before the run to a minute after its end (or now). */
  grafanaLink(experiment) {
    const status = experiment.status ?? {};
    const start = Date.parse(status.injectedAt ?? experiment.metadata.creationTimestamp);
    const end = status.recoveredAt ?? (ended.has(status.phase) ? status.lastRunAt : undefined);
    const from = start - 60_000;
    const to = end && ended.has(status.phase) ? Math.max(Date.parse(end), start) + 60_000 : 'now';
    const uid = this.config.dashboards.find((d) => d.id === 'self-healing')?.uid ?? 'orchestra-self-healing';
    const href = `${this.config.grafanaUrl}/d/${uid}?from=${from}&to=${to}`;
    return h(
      'a',
      { href, target: '_blank', rel: 'noopener', title: 'the Self-healing dashboard around this run' },
      'Grafana ↗',
    );
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
