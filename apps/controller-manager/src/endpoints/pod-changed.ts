/**
 * Whether a pod update can change any Endpoints (the endpoints controller's podChanged): its
 * labels (which Services select it), IP, node, readiness, hostname/subdomain, or the start of
 * its deletion. A status heartbeat that changes none of these needs no Endpoints sync.
 */
import type { Pod } from '@orchestra/api';
import { isPodReady } from '../controller-utils/pod-readiness';

export function podChangedForEndpoints(old: Pod, pod: Pod): boolean {
  return (
    !!pod.metadata.deletionTimestamp !== !!old.metadata.deletionTimestamp ||
    old.status?.podIP !== pod.status?.podIP ||
    old.spec.nodeName !== pod.spec.nodeName ||
    isPodReady(old) !== isPodReady(pod) ||
    old.spec.hostname !== pod.spec.hostname ||
    old.spec.subdomain !== pod.spec.subdomain ||
    !sameLabels(old.metadata.labels, pod.metadata.labels)
  );
}

function sameLabels(a: Record<string, string> = {}, b: Record<string, string> = {}): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
