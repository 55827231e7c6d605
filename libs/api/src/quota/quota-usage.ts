/**
 * What an object charges against a ResourceQuota, as Kubernetes' quota evaluators
 * (pkg/quota/v1/evaluator/core): every object counts as `count/<resource>[.<group>]`; pods also as
 * `pods` and with their compute requests and limits (`requests.cpu`, `cpu`, `limits.memory`…);
 * some core kinds under their legacy names (`services`, `configmaps`, `secrets`…). Terminal pods
 * (Succeeded, Failed, or deleted past their grace period) charge nothing.
 */
import { ResourceQuantity, parseQuantity } from '../quantity';
import type { ResourceDefinition } from '../resources';
import type { Container, KubeObject, Pod, ResourceList } from '../types';
import { podMatchesScopes, scopesTrack } from './quota-scopes';
import { addQuantities, Quantities } from './resource-list';

/** Core resources with a name of their own besides count/… (Kubernetes' legacy object counts). */
const legacyCountNames: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
  persistentvolumeclaims: 'persistentvolumeclaims',
};

/** The pod compute resources, and those a container must request once a quota covers them. */
const podComputeResources = ['cpu', 'memory', 'ephemeral-storage'];
export const QUOTA_REQUIRES_CONTAINER_VALUE = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

/** `count/deployments.apps`, `count/pods`. */
export function countResourceName(def: Pick<ResourceDefinition, 'group' | 'plural'>): string {
  return def.group ? `count/${def.plural}.${def.group}` : `count/${def.plural}`;
}

/**
 * Whether a quota's resource name is charged by objects of `def` (the evaluator's Handles/Matches);
 * a quota with scopes tracks only the pod resources its scopes allow.
 */
export function quotaResourceMatches(
  def: Pick<ResourceDefinition, 'group' | 'plural'>,
  resource: string,
  scopes: readonly string[] = [],
): boolean {
  if (scopes.length > 0 && (def.group || def.plural !== 'pods' || !scopesTrack(scopes, resource)))
    return false;
  if (resource === countResourceName(def)) return true;
  if (!def.group && legacyCountNames[def.plural] === resource) return true;
  if (!def.group && def.plural === 'services')
    return resource === 'services.nodeports' || resource === 'services.loadbalancers';
  if (!def.group && def.plural === 'pods') return isPodComputeResource(resource);
  return false;
}

function isPodComputeResource(resource: string): boolean {
  const base = resource.replace(/^(requests|limits)\./, '');
  return podComputeResources.includes(base) || base.startsWith('hugepages-');
}

/** Whether a pod no longer charges its namespace's quota (Kubernetes' QuotaV1Pod, negated). */
export function isTerminalForQuota(pod: Pod, now: Date): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return true;
  const deletedAt = pod.metadata.deletionTimestamp;
  if (!deletedAt) return false;
  const grace = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return now.getTime() > Date.parse(deletedAt) + grace;
}

const one = () => ResourceQuantity.fromValue(1);

/** The usage one object charges (empty for a terminal pod). */
export function usageOf(
  def: Pick<ResourceDefinition, 'group' | 'plural'>,
  object: KubeObject,
  now: Date,
): Quantities {
  const usage: Quantities = new Map([[countResourceName(def), one()]]);
  if (def.group) return usage;
  const legacy = legacyCountNames[def.plural];
  if (legacy) usage.set(legacy, one());
  if (def.plural === 'services') {
    const spec = ((object as unknown as { spec?: { type?: string; ports?: unknown[] } }).spec ?? {}) as {
      type?: string;
      ports?: unknown[];
    };
    if (spec.type === 'LoadBalancer') usage.set('services.loadbalancers', one());
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
      usage.set('services.nodeports', ResourceQuantity.fromValue(spec.ports?.length ?? 0));
  }
  if (def.plural === 'pods') {
    const pod = object as unknown as Pod;
    if (isTerminalForQuota(pod, now)) return new Map();
    return addQuantities(usage, podComputeUsage(pod));
  }
  return usage;
}

/** One container's requests and limits as quota resources (podComputeUsageHelper). */
export function containerComputeUsage(container: Pick<Container, 'resources'>): Quantities {
  const out: Quantities = new Map();
  const put = (list: ResourceList | undefined, prefix: 'requests' | 'limits') => {
    for (const [name, value] of Object.entries(list ?? {})) {
      let q: ResourceQuantity;
      try {
        q = parseQuantity(String(value));
      } catch {
        continue;
      }
      if (!podComputeResources.includes(name) && !name.startsWith('hugepages-')) continue;
      out.set(`${prefix}.${name}`, q);
      if (prefix === 'requests' && (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage'))
        out.set(name, q);
    }
  };
  put(container.resources?.requests, 'requests');
  put(container.resources?.limits, 'limits');
  return out;
}

/** A pod's compute usage: the sum over its containers, or the largest init container if more. */
export function podComputeUsage(pod: Pod): Quantities {
  let sum: Quantities = new Map();
  for (const c of pod.spec?.containers ?? []) sum = addQuantities(sum, containerComputeUsage(c));
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [name, q] of containerComputeUsage(c)) {
      const current = sum.get(name);
      if (!current || q.cmp(current) > 0) sum.set(name, q);
    }
  }
  return sum;
}

/**
 * `requests.cpu for: web; memory for: web,sidecar`: the quota-covered compute resources some
 * container leaves out (the pod evaluator's Constraints), or undefined when none is missing.
 */
export function missingContainerResources(pod: Pod, covered: readonly string[]): string | undefined {
  const required = covered.filter((r) => QUOTA_REQUIRES_CONTAINER_VALUE.has(r));
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const has = containerComputeUsage(c);
    for (const r of required)
      if (!has.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c.name);
  }
  if (missing.size === 0) return undefined;
  return [...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`)
    .join('; ');
}

/** Whether a quota with these scopes counts this object at all (every object without scopes). */
export function inQuotaScopes(
  def: Pick<ResourceDefinition, 'group' | 'plural'>,
  object: KubeObject,
  scopes: readonly string[] = [],
): boolean {
  if (scopes.length === 0) return true;
  return !def.group && def.plural === 'pods' && podMatchesScopes(object as unknown as Pod, scopes);
}

/**
 * What a namespace uses of the given quota resources, counted from its objects (the quota
 * controller's recalculation): `list` reads the namespace's objects of one resource; with
 * scopes, only the pods in them count.
 */
export async function computeQuotaUsage(
  resources: readonly string[],
  defs: readonly ResourceDefinition[],
  list: (def: ResourceDefinition) => Promise<KubeObject[]>,
  now: Date,
  scopes: readonly string[] = [],
): Promise<Quantities> {
  let used: Quantities = new Map(resources.map((r) => [r, ResourceQuantity.zero()]));
  for (const def of defs) {
    const tracked = resources.filter((r) => quotaResourceMatches(def, r, scopes));
    if (tracked.length === 0) continue;
    for (const object of await list(def)) {
      if (!inQuotaScopes(def, object, scopes)) continue;
      const usage = usageOf(def, object, now);
      used = addQuantities(used, new Map([...usage].filter(([name]) => tracked.includes(name))));
    }
  }
  return used;
}
