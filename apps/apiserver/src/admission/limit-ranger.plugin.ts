/**
 * Kubernetes' LimitRanger admission plugin (plugin/pkg/admission/limitranger), for pods on create:
 * the mutating phase fills each container's missing requests and limits from the namespace's
 * LimitRanges (type Container: defaultRequest and default) and records what it set in the
 * `kubernetes.io/limit-ranger` annotation; the validating phase enforces min, max and
 * maxLimitRequestRatio per Container and min and max per Pod, in Kubernetes' words.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  builtinResources,
  Container,
  LimitRange,
  LimitRangeItem,
  parseQuantity,
  Pod,
  ResourceDefinition,
  ResourceList,
  ResourceQuantity,
} from '@orchestra/api';
import { RedisStore } from '@orchestra/store';
import { AdmissionAttributes, AdmissionPlugin, admissionForbidden } from './admission.types';

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';
const limitRanges = builtinResources.find((d) => d.kind === 'LimitRange') as ResourceDefinition;

const isPodCreate = ({ operation, def, subresource, object }: AdmissionAttributes): boolean =>
  operation === 'CREATE' && def.group === '' && def.kind === 'Pod' && !subresource && !!object;

@Injectable()
export class LimitRangerPlugin implements AdmissionPlugin {
  readonly name = 'LimitRanger';

  constructor(@Inject(RedisStore) private readonly store: RedisStore) {}

  async mutate(attrs: AdmissionAttributes): Promise<void> {
    if (!isPodCreate(attrs)) return;
    const items = await this.items(attrs.namespace!, 'Container');
    if (items.length === 0) return;
    setDefaultResources(attrs.object as unknown as Pod, items);
  }

  async validate(attrs: AdmissionAttributes): Promise<void> {
    if (!isPodCreate(attrs)) return;
    const items = await this.items(attrs.namespace!);
    const errors = items.flatMap((item) => podLimitErrors(attrs.object as unknown as Pod, item));
    if (errors.length === 1) throw admissionForbidden(attrs, errors[0]);
    // Go's utilerrors.NewAggregate prints several errors as [a, b].
    if (errors.length > 1) throw admissionForbidden(attrs, `[${errors.join(', ')}]`);
  }

  private async items(namespace: string, type?: LimitRangeItem['type']): Promise<LimitRangeItem[]> {
    const { items } = await this.store.list(limitRanges, { namespace });
    return (items as unknown as LimitRange[])
      .flatMap((lr) => lr.spec?.limits ?? [])
      .filter((item) => !type || item.type === type);
  }
}

/** Fills missing requests and limits and writes the annotation (mergePodResourceRequirements). */
export function setDefaultResources(pod: Pod, items: LimitRangeItem[]): void {
  const defaults = { requests: {} as ResourceList, limits: {} as ResourceList };
  for (const item of items) {
    Object.assign(defaults.requests, item.defaultRequest ?? {});
    Object.assign(defaults.limits, item.default ?? {});
  }
  const notes: string[] = [];
  const merge = (container: Container, prefix: string) => {
    const resources = (container.resources ??= {});
    const set = { request: [] as string[], limit: [] as string[] };
    const limits = { ...(resources.limits ?? {}) };
    for (const [name, q] of Object.entries(defaults.limits))
      if (limits[name] === undefined) {
        limits[name] = q;
        set.limit.push(name);
      }
    const requests = { ...(resources.requests ?? {}) };
    for (const [name, q] of Object.entries(defaults.requests))
      if (requests[name] === undefined) {
        requests[name] = q;
        set.request.push(name);
      }
    if (Object.keys(limits).length) resources.limits = limits;
    if (Object.keys(requests).length) resources.requests = requests;
    if (set.request.length)
      notes.push(`${set.request.sort().join(', ')} request for ${prefix} ${container.name}`);
    if (set.limit.length) notes.push(`${set.limit.sort().join(', ')} limit for ${prefix} ${container.name}`);
  };
  for (const c of pod.spec?.containers ?? []) merge(c, 'container');
  for (const c of pod.spec?.initContainers ?? []) merge(c, 'init container');
  if (notes.length === 0) return;
  pod.metadata.annotations = {
    ...pod.metadata.annotations,
    [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
  };
}

const quantities = (list: ResourceList | undefined): Map<string, ResourceQuantity> => {
  const out = new Map<string, ResourceQuantity>();
  for (const [name, value] of Object.entries(list ?? {})) {
    try {
      out.set(name, parseQuantity(String(value)));
    } catch {
      // validation reports it
    }
  }
  return out;
};

type Values = Map<string, ResourceQuantity>;

/** One resource's request and limit, in a container or summed over the pod. */
interface Usage {
  request?: ResourceQuantity;
  limit?: ResourceQuantity;
}

/**
 * minConstraint and maxConstraint as a table: the side a bound requires (a request for a minimum,
 * a limit for a maximum) is checked first, then the other side if given; a value on the wrong side
 * of the bound (the `sign` of its comparison with it) violates it.
 */
const bounds: { field: 'min' | 'max'; word: string; sign: number; sides: [keyof Usage, keyof Usage] }[] = [
  { field: 'min', word: 'minimum', sign: -1, sides: ['request', 'limit'] },
  { field: 'max', word: 'maximum', sign: 1, sides: ['limit', 'request'] },
];

function boundViolation(
  bound: (typeof bounds)[number],
  type: string,
  name: string,
  enforced: ResourceQuantity,
  usage: Usage,
): string | undefined {
  const head = `${bound.word} ${name} usage per ${type} is ${enforced}`;
  const [required] = bound.sides;
  if (!usage[required]) return `${head}.  No ${required} is specified`;
  for (const side of bound.sides) {
    const q = usage[side];
    if (q && q.cmp(enforced) * bound.sign > 0) return `${head}, but ${side} is ${q}`;
  }
  return undefined;
}

/** limitRequestRatioConstraint: limit / request at most `enforced`, both given and non-zero. */
function ratioViolation(
  type: string,
  name: string,
  enforced: ResourceQuantity,
  { request: r, limit: l }: Usage,
): string | undefined {
  const head = `${name} max limit to request ratio per ${type} is ${enforced}`;
  if (!r || r.isZero()) return `${head}, but no request is specified or request is 0`;
  if (!l || l.isZero()) return `${head}, but no limit is specified or limit is 0`;
  const ratio = Number(l.nanos) / Number(r.nanos);
  if (ratio > Number(enforced.nanos) / 1e9) return `${head}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

/** Sorted by resource name, so messages come out in a stable order. */
const entries = (list: ResourceList | undefined) =>
  [...quantities(list)].sort(([a], [b]) => a.localeCompare(b));

/** Every min, then every max, then every ratio of the item, as PodValidateLimitFunc checks them. */
function checkAll(type: string, item: LimitRangeItem, req: Values, lim: Values): string[] {
  const usage = (name: string): Usage => ({ request: req.get(name), limit: lim.get(name) });
  const out = [
    ...bounds.flatMap((bound) =>
      entries(item[bound.field]).map(([name, q]) => boundViolation(bound, type, name, q, usage(name))),
    ),
    ...entries(item.maxLimitRequestRatio).map(([name, q]) => ratioViolation(type, name, q, usage(name))),
  ];
  return out.filter((e): e is string => !!e);
}

/** The violations of one LimitRange item by a pod (PodValidateLimitFunc). */
export function podLimitErrors(pod: Pod, item: LimitRangeItem): string[] {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  if (item.type === 'Container') {
    return containers.flatMap((c) =>
      checkAll('Container', item, quantities(c.resources?.requests), quantities(c.resources?.limits)),
    );
  }
  if (item.type === 'Pod') {
    const total = (pick: (c: Container) => ResourceList | undefined): Values => {
      const sum: Values = new Map();
      for (const c of pod.spec?.containers ?? [])
        for (const [name, q] of quantities(pick(c)))
          sum.set(name, (sum.get(name) ?? ResourceQuantity.zero(q.format)).add(q));
      for (const c of pod.spec?.initContainers ?? [])
        for (const [name, q] of quantities(pick(c)))
          if (q.cmp(sum.get(name) ?? ResourceQuantity.zero()) > 0) sum.set(name, q);
      return sum;
    };
    return checkAll(
      'Pod',
      item,
      total((c) => c.resources?.requests),
      total((c) => c.resources?.limits),
    );
  }
  return [];
}
