/**
 * Redis key layout, etcd-like: `<prefix>/registry/<resource>/<namespace>/<name>`. Every key starts
 * with the same prefix, which carries a hash tag (`{orchestra}` by default), so all keys hash to
 * one slot and the Lua scripts stay valid on Redis Cluster.
 */
import { ResourceDefinition } from '@orchestra/api';

export const defaultKeyPrefix = '{orchestra}';

/** Kubernetes' own groups keep the bare plural in the key, as in etcd (`/registry/deployments/...`). */
const kubernetesGroups = new Set(['', 'apps', 'batch', 'autoscaling', 'policy']);

export function resourceSegment(def: Pick<ResourceDefinition, 'group' | 'plural'>): string {
  return kubernetesGroups.has(def.group) || def.group.endsWith('.k8s.io')
    ? def.plural
    : `${def.group}/${def.plural}`;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones: the index member. */
export function objectMember(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class StoreKeys {
  constructor(readonly prefix: string = defaultKeyPrefix) {
    if (!/\{[^{}]+\}/.test(prefix))
      throw new Error(`key prefix "${prefix}" must contain a hash tag like {orchestra}`);
  }

  get revision(): string {
    return `${this.prefix}/revision`;
  }

  get changeLog(): string {
    return `${this.prefix}/changelog`;
  }

  /** Sorted set of members (`ns/name`) of one resource, for ordered, paginated lists. */
  index(segment: string): string {
    return `${this.prefix}/index/${segment}`;
  }

  /** Prefix of object keys for one resource; the member is appended. */
  objectPrefix(segment: string): string {
    return `${this.prefix}/registry/${segment}/`;
  }

  object(segment: string, member: string): string {
    return this.objectPrefix(segment) + member;
  }
}
