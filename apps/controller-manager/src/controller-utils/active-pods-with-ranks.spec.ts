import { Pod } from '@orchestra/api';
import { rfc3339 } from './clock';
import { podsInDeletionOrder } from './active-pods-with-ranks';

const now = Date.parse('2024-06-01T00:00:00Z');
const hour = 3600_000;

function pod(name: string, patch: (p: Pod) => void = () => undefined): Pod {
  const p: Pod = {
    metadata: { name, uid: name, creationTimestamp: rfc3339(now - 1000 * hour) },
    spec: { containers: [], nodeName: `node-${name}` },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(now - 1000 * hour) }],
    },
  };
  patch(p);
  return p;
}

describe('podsInDeletionOrder (ActivePodsWithRanks)', () => {
  it('orders by node, phase, readiness, cost, co-location, ready time, restarts, age', () => {
    const pods = [
      pod('old'),
      pod('created-recently', (p) => (p.metadata.creationTimestamp = rfc3339(now - hour))),
      pod(
        'restarted',
        (p) =>
          (p.status!.containerStatuses = [
            { name: 'c', ready: true, restartCount: 3, image: '', imageID: '' },
          ]),
      ),
      pod('ready-recently', (p) => (p.status!.conditions![0].lastTransitionTime = rfc3339(now - hour))),
      pod('doubled', (p) => (p.spec.nodeName = 'shared')),
      pod(
        'costly',
        (p) => (p.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '100' }),
      ),
      pod('cheap', (p) => (p.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-1' })),
      pod('not-ready', (p) => (p.status!.conditions = [])),
      pod('running-unknown', (p) => (p.status!.phase = 'Unknown')),
      pod('pending', (p) => (p.status = { phase: 'Pending' })),
      pod('unassigned', (p) => delete p.spec.nodeName),
    ];
    const related = [...pods, pod('sibling', (p) => (p.spec.nodeName = 'shared'))];
    expect(podsInDeletionOrder(pods, related, now).map((p) => p.metadata.name)).toEqual([
      'unassigned',
      'pending',
      'running-unknown',
      'not-ready',
      'cheap',
      'doubled',
      'ready-recently',
      'restarted',
      'created-recently',
      'old',
      'costly',
    ]);
  });
});
