// Wires the page: reads /ui/config.json, signs in (auth.js: a bearer token from the sign-in view
// or a `#token=` link), starts one informer per resource the page watches and one poller for the
// workload kinds it lists now and then, and hands their contents to the views. Every view repaints
// from the full state, so a relist after 410 Gone or an apiserver restart needs no special
// handling anywhere. A 401 from any call brings the sign-in
// view back; a 403 is shown, in Kubernetes' words, in the view it concerns.
import { Informer, ListPoller, loadConfig, onUnauthorized, whoAmI } from './api.js';
import { clearToken, getToken, setToken, takeTokenFromFragment } from './auth.js';
import { ChaosPanel, chaosExperimentsPath, setNodeOptions, wireComponentKill } from './chaos.js';
import { ClusterMap } from './cluster-map.js';
import { h } from './dom.js';
import { renderEvents } from './events.js';
import { renderAutoscalers, renderWorkloads, workloadKinds } from './workloads.js';

const $ = (selector) => document.querySelector(selector);

// First of all, before anything can be slow: the token of a `#token=` link leaves the address bar.
takeTokenFromFragment();

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

// What the user may not see, by resource: Kubernetes' 403 message, shown in the view it concerns.
const forbidden = new Map();
const forbiddenBoxes = {
  nodes: '#cluster-forbidden',
  pods: '#cluster-forbidden',
  deployments: '#workloads-forbidden',
  statefulsets: '#workloads-forbidden',
  daemonsets: '#workloads-forbidden',
  jobs: '#workloads-forbidden',
  cronjobs: '#workloads-forbidden',
  horizontalpodautoscalers: '#autoscalers-forbidden',
  events: '#events-forbidden',
  chaos: '#chaos-forbidden',
};
function showForbidden() {
  for (const selector of new Set(Object.values(forbiddenBoxes))) {
    const messages = Object.entries(forbiddenBoxes)
      .filter(([name, box]) => box === selector && forbidden.has(name))
      .map(([name]) => forbidden.get(name));
    $(selector).textContent = messages.join('\n');
    $(selector).hidden = messages.length === 0;
  }
  map.setNodesHidden(forbidden.has('nodes'));
}

// The header says whether the page is live: a frozen map that looks live would mislead. A
// forbidden resource is not a connection problem: its view says why it is empty.
const states = new Map();
function showConnection() {
  const [problem, problemState] =
    [...states.entries()].find(([, s]) => s.state !== 'live' && s.state !== 'forbidden') ?? [];
  const badge = $('#connection');
  badge.dataset.state = problem ? 'error' : 'live';
  if (!problem) badge.textContent = 'live';
  else if (problemState.state === 'connecting') badge.textContent = 'connecting…';
  else if (problemState.state === 'waiting')
    badge.textContent = 'waiting for a connection (close other dashboard tabs)';
  else badge.textContent = `reconnecting (${problem}: ${problemState.error?.message ?? problemState.state})`;
}
function watchStatus(name) {
  states.set(name, { state: 'connecting' });
  return (state, error) => {
    states.set(name, { state, error });
    if (state === 'forbidden') forbidden.set(name, error?.message ?? 'forbidden');
    else if (state === 'live') forbidden.delete(name);
    showForbidden();
    if (signedIn) showConnection();
  };
}

// The Workloads table: every kind's objects, repainted whole when any kind's change (and so
// every few seconds, which keeps the ages current).
const workloads = Object.fromEntries(workloadKinds.map((kind) => [kind, []]));
function showWorkloads(kind) {
  return (objects) => {
    workloads[kind] = objects;
    renderWorkloads($('#workload-list tbody'), workloads);
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
    onChange: showWorkloads('Deployment'),
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

// Deployments keep their watch: they are what a rollout or a chaos run changes under the user's
// eyes. StatefulSets, DaemonSets, Jobs, CronJobs and HPAs change less often and are glanced at:
// a new watch each would want more than the browser's 6 connections per server (5 are taken), so
// they are listed one after another every few seconds on the one left, pausing with the watches.
const poller = new ListPoller(
  [
    ['statefulsets', '/apis/apps/v1/statefulsets', showWorkloads('StatefulSet')],
    ['daemonsets', '/apis/apps/v1/daemonsets', showWorkloads('DaemonSet')],
    ['jobs', '/apis/batch/v1/jobs', showWorkloads('Job')],
    ['cronjobs', '/apis/batch/v1/cronjobs', showWorkloads('CronJob')],
    [
      'horizontalpodautoscalers',
      '/apis/autoscaling/v2/horizontalpodautoscalers',
      (hpas) => renderAutoscalers($('#autoscalers tbody'), hpas),
    ],
  ].map(([name, path, onChange]) => ({ path, onChange, onStatus: watchStatus(name) })),
  { intervalMs: 3000 },
);
/** Everything that keeps the page current: started on sign-in and when shown, stopped when hidden. */
const feeds = [...informers, poller];

let signedIn = false;

/** The dashboard, as `user` ({ username } from whoAmI; undefined when the apiserver cannot say). */
function enter(user) {
  signedIn = true;
  $('#sign-in').hidden = true;
  $('#dashboard').hidden = false;
  $('#user-name').textContent = user?.username ?? 'signed in';
  $('#user-name').title = user?.groups?.length ? `groups: ${user.groups.join(', ')}` : '';
  $('#user').hidden = false;
  for (const name of states.keys()) states.set(name, { state: 'connecting' });
  showConnection();
  for (const feed of feeds) feed.start();
}

/** The sign-in view, with why (a refused token), after forgetting everything the last user saw. */
function leave(message) {
  signedIn = false;
  for (const feed of feeds) feed.clear();
  chaos.reset();
  forbidden.clear();
  showForbidden();
  $('#dashboard').hidden = true;
  $('#user').hidden = true;
  $('#user-name').textContent = '';
  const badge = $('#connection');
  badge.dataset.state = 'signed-out';
  badge.textContent = 'signed out';
  $('#sign-in-error').textContent = message ?? '';
  $('#sign-in-error').hidden = !message;
  $('#sign-in').hidden = false;
  $('#token').focus();
}

const refused = (error) => `${error.message}: the API server does not accept this token (${error.status}).`;

onUnauthorized((error) => {
  if (!signedIn) return;
  clearToken();
  leave(`${refused(error)} Sign in again.`);
});

$('#sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('#token');
  const button = $('#sign-in-form button[type=submit]');
  const token = input.value.trim();
  if (!token) return;
  button.disabled = true;
  $('#sign-in-error').hidden = true;
  try {
    const user = await whoAmI(token);
    setToken(token);
    input.value = '';
    enter(user);
  } catch (error) {
    $('#sign-in-error').textContent =
      error.status === 401 ? refused(error) : `Could not sign in: ${error.message}`;
    $('#sign-in-error').hidden = false;
  } finally {
    button.disabled = false;
  }
});

$('#sign-out').addEventListener('click', () => {
  clearToken();
  leave();
});

// A token from an earlier visit in this tab, or from a `#token=` link: checked first, so that a
// refused one shows the sign-in view with the apiserver's message rather than a broken page.
const stored = getToken();
if (!stored) leave();
else {
  try {
    enter(await whoAmI(stored));
  } catch (error) {
    if (error.status === 401) {
      clearToken();
      leave(refused(error));
    } else enter(undefined); // the apiserver is unreachable: the informers retry and the header says so
  }
}

// A `#token=` link opened in this tab while the page is already up changes only the fragment (no
// page load): taken the same way, and the page loads again to sign in with it.
globalThis.addEventListener('hashchange', () => {
  if (takeTokenFromFragment()) location.reload();
});

// A hidden tab gives its connections back (the browser has 6 per server for all tabs) after a
// while, so a quick look at another tab costs no relist; it relists when shown again.
let hiddenTimer;
document.addEventListener('visibilitychange', () => {
  clearTimeout(hiddenTimer);
  if (!document.hidden) {
    if (signedIn) for (const feed of feeds) feed.start();
  } else hiddenTimer = setTimeout(() => feeds.forEach((f) => f.stop()), 10_000);
});
