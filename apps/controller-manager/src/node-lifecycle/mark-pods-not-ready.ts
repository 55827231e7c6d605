/**
 * Sets the Ready condition of a lost node's pods to False (Kubernetes' MarkPodsNotReady in
 * controller/util/node): nobody can vouch for them any more, so the Endpoints controller takes
 * them out of their Services' ready addresses. A Warning NodeNotReady Event on each pod.
 */
import type { Pod } from '@orchestra/api';
import { isNotFound, type EventSink } from '../controller-utils';
import type { NodeLifecycleApi } from './node-lifecycle-api.port';

/** Returns how many pods could not be updated (to be tried again). */
export async function markPodsNotReady(
  api: Pick<NodeLifecycleApi, 'updatePodStatus'>,
  events: EventSink,
  pods: Pod[],
  nodeName: string,
  nowTime: string,
): Promise<number> {
  let failed = 0;
  for (const pod of pods) {
    if (pod.spec.nodeName !== nodeName) continue;
    const conditions = pod.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    const updated: Pod = {
      ...pod,
      status: {
        ...pod.status,
        conditions: conditions.map((c) =>
          c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: nowTime } : c,
        ),
      },
    };
    try {
      await api.updatePodStatus(updated);
      events.warning(pod, 'NodeNotReady', 'Node is not ready');
    } catch (error) {
      if (!isNotFound(error)) failed++;
    }
  }
  return failed;
}
