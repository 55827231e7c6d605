// Wires the page: reads /ui/config.json, starts one informer per resource the page shows, and
// hands their contents to the views. Every view repaints from the informers' full state, so a
// relist after 410 Gone or an apiserver restart needs no special handling anywhere.
import { Informer, loadConfig } from './api.js';
import { ChaosPanel, chaosExperimentsPath, setNodeOptions, wireComponentKill } from './chaos.js';
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
  states.set(name, 'connecting');
  return (state, error) => {
    states.set(name, state);
    const [problem, problemState] = [...states.entries()].find(([, s]) => s !== 'live') ?? [];
    const badge = $('#connection');
    badge.dataset.state = problem ? 'error' : 'live';
    if (!problem) badge.textContent = 'live';
    else if (problemState === 'connecting') badge.textContent = 'connecting…';
    else if (problemState === 'waiting')
      badge.textContent = 'waiting for a connection (close other dashboard tabs)';
    else badge.textContent = `reconnecting (${problem}: ${error?.message ?? problemState})`;
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
  new Informer(chaosExperimentsPath, {
    onChange: (experiments) => chaos.setExperiments(experiments),
    onStatus: watchStatus('chaos'),
  }),
];
for (const informer of informers) informer.start();

// A hidden tab gives its connections back (the browser has 6 per server for all tabs) after a
// while, so a quick look at another tab costs no relist; it relists when shown again.
let hiddenTimer;
document.addEventListener('visibilitychange', () => {
  clearTimeout(hiddenTimer);
  if (!document.hidden) for (const informer of informers) informer.start();
  else hiddenTimer = setTimeout(() => informers.forEach((i) => i.stop()), 10_000);
});
