/**
 * Everything the scheduler derives from a pod, computed once when the pod enters the queue or the
 * cache (Kubernetes `framework.PodInfo`): requests, host ports, parsed affinity terms. Plugins read
 * these instead of re-parsing the spec for every node.
 */
import type { Pod, PodAffinity, Toleration } from '@orchestra/api';
import { AffinityTerm } from './affinity-term';
import { computePodRequests } from './pod-requests';
import type { Resource } from './resource';

export class PodInfo {
  readonly key: string;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly priority: number;
  readonly requests: Resource;
  readonly nonZeroRequests: Resource;
  /** `protocol/hostPort` of every container port that asks for a host port. */
  readonly hostPorts: readonly string[];
  readonly tolerations: readonly Toleration[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly AffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly AffinityTerm[];

  constructor(readonly pod: Pod) {
    const meta = pod.metadata;
    this.namespace = meta.namespace ?? 'default';
    this.name = meta.name ?? '';
    this.key = `${this.namespace}/${this.name}`;
    this.uid = meta.uid ?? this.key;
    this.labels = meta.labels ?? {};
    this.priority = pod.spec.priority ?? 0;
    const { requests, nonZero } = computePodRequests(pod);
    this.requests = requests;
    this.nonZeroRequests = nonZero;
    this.hostPorts = hostPortsOf(pod);
    this.tolerations = pod.spec.tolerations ?? [];
    const affinity = pod.spec.affinity;
    this.requiredAffinityTerms = requiredTerms(this.namespace, affinity?.podAffinity);
    this.requiredAntiAffinityTerms = requiredTerms(this.namespace, affinity?.podAntiAffinity);
    this.preferredAffinityTerms = preferredTerms(this.namespace, affinity?.podAffinity);
    this.preferredAntiAffinityTerms = preferredTerms(this.namespace, affinity?.podAntiAffinity);
  }

  /** Has any pod (anti-)affinity term (Kubernetes `podWithAffinity`). */
  get hasAffinity(): boolean {
    return (
      this.requiredAffinityTerms.length > 0 ||
      this.requiredAntiAffinityTerms.length > 0 ||
      this.preferredAffinityTerms.length > 0 ||
      this.preferredAntiAffinityTerms.length > 0
    );
  }

  get hasRequiredAntiAffinity(): boolean {
    return this.requiredAntiAffinityTerms.length > 0;
  }

  /** Being deleted: Kubernetes' spreading and affinity counting ignore such pods. */
  get terminating(): boolean {
    return this.pod.metadata.deletionTimestamp !== undefined;
  }
}

function requiredTerms(namespace: string, a: PodAffinity | undefined): AffinityTerm[] {
  const terms = a?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  return terms.map((t) => new AffinityTerm(namespace, t));
}

function preferredTerms(namespace: string, a: PodAffinity | undefined): AffinityTerm[] {
  const terms = a?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return terms.map((t) => new AffinityTerm(namespace, t.podAffinityTerm, t.weight));
}

function hostPortsOf(pod: Pod): string[] {
  const ports: string[] = [];
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) ports.push(`${p.protocol ?? 'TCP'}/${p.hostPort}`);
    }
  }
  return ports;
}
