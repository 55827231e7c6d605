/**
 * Whether a pod change can change any Endpoints (Kubernetes' endpoint controller updatePod and
 * podEndpointsChanged): only a pod with an IP is ever listed, and then its labels (which Services
 * select it), hostname/subdomain, node, readiness, phase, IPs, container ports and deletion matter.
 * Status writes that change none of these (and the binding of a pod that has no IP yet) do not.
 */
import { KubeObject } from '@orchestra/api';

interface PodView {
  metadata: KubeObject['metadata'];
  spec?: { nodeName?: string; hostname?: string; subdomain?: string; containers?: { ports?: unknown[] }[] };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    conditions?: { type: string; status: string }[];
  };
}

const view = (object: KubeObject) => object as unknown as PodView;

function podIPs(pod: PodView): string[] {
  return [pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((p) => p.ip)].filter(
    (ip): ip is string => !!ip,
  );
}

/** What of a pod an Endpoints address depends on, as one comparable string. */
function endpointsFacts(pod: PodView): string {
  return JSON.stringify([
    Object.entries(pod.metadata.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    pod.metadata.deletionTimestamp ?? null,
    pod.spec?.nodeName ?? null,
    pod.spec?.hostname ?? null,
    pod.spec?.subdomain ?? null,
    (pod.spec?.containers ?? []).map((c) => c.ports ?? []),
    pod.status?.phase ?? null,
    podIPs(pod),
    pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
  ]);
}

/** `previous` is the pod before a MODIFIED change; without it every change with an IP counts. */
export function podChangeAffectsEndpoints(pod: KubeObject, previous?: KubeObject): boolean {
  const now = view(pod);
  const before = previous && view(previous);
  if (podIPs(now).length === 0 && (!before || podIPs(before).length === 0)) return false;
  return !before || endpointsFacts(before) !== endpointsFacts(now);
}
