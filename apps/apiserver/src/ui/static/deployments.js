// The Deployments table: desired / ready / available / updated, as `kubectl get deploy -A`
// shows them, a row marked while the Deployment is short of what it wants.
import { h } from './dom.js';

export function renderDeployments(tbody, deployments) {
  const rows = deployments
    .sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
    )
    .map((d) => {
      const desired = d.spec?.replicas ?? 1;
      const { readyReplicas = 0, availableReplicas = 0, updatedReplicas = 0 } = d.status ?? {};
      const healthy = readyReplicas >= desired && availableReplicas >= desired && updatedReplicas >= desired;
      return h(
        'tr',
        { class: healthy ? '' : 'short', 'data-deployment': `${d.metadata.namespace}/${d.metadata.name}` },
        h('td', {}, d.metadata.namespace),
        h('td', {}, d.metadata.name),
        h('td', { class: 'num' }, String(desired)),
        h('td', { class: 'num' }, String(readyReplicas)),
        h('td', { class: 'num' }, String(availableReplicas)),
        h('td', { class: 'num' }, String(updatedReplicas)),
      );
    });
  tbody.replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'no Deployments'))]),
  );
}
