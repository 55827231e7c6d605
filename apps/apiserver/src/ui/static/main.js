// Wires the page: reads /ui/config.json, starts one informer per resource the page shows, and
// hands their contents to the views. Every view repaints from the informers' full state, so a
// relist after 410 Gone or an apiserver restart needs no special handling anywhere.
import { Informer, loadConfig } from './api.js';
import { ChaosPanel, setNodeOptions, wireComponentKill } from './chaos.js';
import { ClusterMap } from './cluster-map.js';
import { renderDeployments } from './deployments.js';
import { h } from './dom.js';
import { renderEvents } from './events.js';

const $ = (selector) => document.querySelector(selector);

const config = await loadConfig().catch(() => ({
  grafanaUrl: 'http://localhost:3000',
  dashboards: [],
  chaosEnabled: true,
}));

$('#grafana-links').replaceChildren(
  ...config.dashboards.map((d) => h('a', { href: d.url, target: '_blank', rel: 'noopener' }, d.title)),
);
if (!config.chaosEnabled) document.body.classList.add('chaos-disabled');

const chaos = new ChaosPanel({ runsBody: $('#chaos-runs tbody'), errorBox: $('#chaos-error') }, config);
wireComponentKill($('#component-kill'), chaos);

const map = new ClusterMap(
  { nodesRoot: $('#nodes'), unscheduledRoot: $('#unscheduled .chips'), summary: $('#cluster-summary') },
  { killPod: (pod) => chaos.killPod(pod), nodeDown: (node) => chaos.nodeDown(node) },
);

// The header says whether the page is live: a frozen map that looks live would mislead.
const states = new Map();
function watchStatus(name) {
  return (state, error) => {
    states.set(name, state === 'live' ? undefined : `${name}: ${error?.message ?? state}`);
    const problems = [...states.values()].filter(Boolean);
    const badge = $('#connection');
    badge.textContent = problems.length ? `reconnecting (${problems[0]})` : 'live';
    badge.dataset.state = problems.length ? 'error' : 'live';
  };
}

const informers = [
  new Informer('/api/v1/nodes', {
    onChange: (nodes) => {
      map.setNodes(nodes);
      setNodeOptions($('#component-kill select[name=node]'), nodes);
    },
    onStatus: watchStatus('nodes'),
  }),
  new Informer('/api/v1/pods', { onChange: (pods) => map.setPods(pods), onStatus: watchStatus('pods') }),
  new Informer('/apis/apps/v1/deployments', {
    onChange: (deployments) => renderDeployments($('#deployments tbody'), deployments),
    onStatus: watchStatus('deployments'),
  }),
  new Informer('/api/v1/events', {
    onChange: (events) => renderEvents($('#events tbody'), events),
    onStatus: watchStatus('events'),
    batchMs: 200,
  }),
];
for (const informer of informers) informer.start();
