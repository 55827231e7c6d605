// The cluster map: one card per Node with its pods as chips, unscheduled pods apart. Elements
// are keyed (a card per node name, a chip per pod uid) and updated in place, so chips do not
// flicker and a button stays under the pointer while the watches stream changes.
import { h, syncChildren } from './dom.js';

const byName = (a, b) => a.localeCompare(b, undefined, { numeric: true });

/** What a chip's colour says: Terminating first (a deleted pod may still report Running). */
export function podState(pod) {
  if (pod.metadata.deletionTimestamp) return 'terminating';
  const phase = pod.status?.phase ?? 'Pending';
  if (phase !== 'Running') return phase.toLowerCase();
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return ready ? 'ready' : 'not-ready';
}

export const podStateLabels = {
  ready: 'Running, Ready',
  'not-ready': 'Running, not Ready',
  pending: 'Pending',
  succeeded: 'Succeeded',
  failed: 'Failed',
  terminating: 'Terminating',
  unknown: 'Unknown',
};

/** The Ready condition as kubectl prints it: Ready, NotReady, or Unknown (no heartbeat). */
export function nodeReadiness(node) {
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return 'Ready';
  return ready?.status === 'False' ? 'NotReady' : 'Unknown';
}

export class ClusterMap {
  /** `actions`: { killPod(pod), nodeDown(nodeName) }, each returning a promise. */
  constructor({ nodesRoot, unscheduledRoot, summary }, actions) {
    this.nodesRoot = nodesRoot;
    this.unscheduledRoot = unscheduledRoot;
    this.summary = summary;
    this.actions = actions;
    this.cards = new Map();
    this.chips = new Map();
    this.nodes = [];
    this.pods = [];
    /** True while the user may not list Nodes (RBAC): their pods still get cards. */
    this.nodesHidden = false;
  }

  setNodes(nodes) {
    this.nodes = nodes;
    this.render();
  }

  setNodesHidden(hidden) {
    if (this.nodesHidden === hidden) return;
    this.nodesHidden = hidden;
    this.render();
  }

  setPods(pods) {
    this.pods = pods;
    this.render();
  }

  render() {
    const podsByNode = new Map();
    for (const pod of this.pods) {
      const node = pod.spec?.nodeName ?? '';
      if (!podsByNode.has(node)) podsByNode.set(node, []);
      podsByNode.get(node).push(pod);
    }
    // A pod may name a node that is gone (deleted while it ran): it still gets a card.
    const names = new Set([...this.nodes.map((n) => n.metadata.name), ...podsByNode.keys()]);
    names.delete('');
    const nodeByName = new Map(this.nodes.map((n) => [n.metadata.name, n]));
    const cards = [...names].sort(byName).map((name) => this.card(name, nodeByName.get(name), podsByNode));
    syncChildren(this.nodesRoot, cards);
    for (const name of this.cards.keys()) if (!names.has(name)) this.cards.delete(name);

    const unscheduled = podsByNode.get('') ?? [];
    syncChildren(this.unscheduledRoot, this.chipsFor(unscheduled));
    const seen = new Set(this.pods.map((p) => p.metadata.uid));
    for (const uid of this.chips.keys()) if (!seen.has(uid)) this.chips.delete(uid);
    const nodes = this.nodesHidden ? 'nodes not readable' : `${this.nodes.length} nodes`;
    this.summary.textContent = `${nodes} · ${this.pods.length} pods · ${unscheduled.length} unscheduled`;
  }

  card(name, node, podsByNode) {
    let card = this.cards.get(name);
    if (!card) {
      const down = h(
        'button',
        { class: 'danger', type: 'button', 'aria-label': `take node ${name} down` },
        'take down',
      );
      down.addEventListener('click', () => this.act(down, () => this.actions.nodeDown(name)));
      card = {
        root: h('article', { class: 'node', 'data-node': name }),
        readiness: h('span', { class: 'badge' }),
        zone: h('span', { class: 'zone', title: 'topology.kubernetes.io/zone' }),
        flags: h('div', { class: 'flags' }),
        chips: h('div', { class: 'chips' }),
      };
      card.root.append(
        h('header', {}, h('h3', {}, name), card.readiness, card.zone, down),
        card.flags,
        card.chips,
      );
      this.cards.set(name, card);
    }
    const hidden = !node && this.nodesHidden;
    const readiness = node ? nodeReadiness(node) : hidden ? 'Hidden' : 'Unknown';
    card.root.dataset.ready = readiness;
    card.readiness.textContent = node ? readiness : hidden ? 'not readable' : 'not registered';
    card.readiness.className = `badge badge-${readiness.toLowerCase()}`;
    const zone = node?.metadata.labels?.['topology.kubernetes.io/zone'];
    card.zone.textContent = zone ?? '';
    const flags = [];
    if (node?.spec?.unschedulable) flags.push(h('span', { class: 'flag flag-cordon' }, 'unschedulable'));
    for (const t of node?.spec?.taints ?? []) {
      flags.push(h('span', { class: 'flag' }, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`));
    }
    card.flags.replaceChildren(...flags);
    card.flags.hidden = flags.length === 0;
    syncChildren(card.chips, this.chipsFor(podsByNode.get(name) ?? []));
    return card.root;
  }

  chipsFor(pods) {
    return pods
      .sort((a, b) =>
        byName(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`),
      )
      .map((pod) => this.chip(pod));
  }

  chip(pod) {
    const { uid, name, namespace } = pod.metadata;
    let chip = this.chips.get(uid);
    if (!chip) {
      const kill = h(
        'button',
        { class: 'kill', type: 'button', 'aria-label': `kill pod ${name}`, title: 'kill pod' },
        '✕',
      );
      kill.addEventListener('click', () =>
        this.act(kill, () => this.actions.killPod(this.chips.get(uid).pod)),
      );
      chip = {
        root: h(
          'div',
          { class: 'pod', 'data-pod': `${namespace}/${name}` },
          h('span', { class: 'pod-name' }, name),
          kill,
        ),
        kill,
      };
      this.chips.set(uid, chip);
    }
    chip.pod = pod;
    const state = podState(pod);
    const restarts = (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
    chip.root.className = `pod pod-${state}`;
    chip.root.dataset.state = state;
    chip.root.title = `${namespace}/${name}\n${podStateLabels[state] ?? state}${restarts ? `\nrestarts: ${restarts}` : ''}`;
    chip.kill.hidden = state === 'terminating';
    return chip.root;
  }

  /** Disables the button while its chaos request is in flight, so one click makes one experiment. */
  async act(button, action) {
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
    }
  }
}
