/**
 * Read access to an informer's cache, as client-go's listers: what controllers and the scheduler
 * read instead of calling the apiserver. Objects are shared: never mutate them (clone first).
 */
import { KubeObject, ObjectMeta, TypeMeta } from '@orchestra/api';

/**
 * What the client and caches need of an object. Wider than `KubeObject`: the typed kinds (`Pod`,
 * `Lease`, …) are interfaces without an index signature, so they do not satisfy `KubeObject`.
 */
export type ApiObject = TypeMeta & { metadata: ObjectMeta };

/** The indexes every cache keeps (client-go's Indexers). */
export type IndexName = 'namespace' | 'nodeName' | 'ownerUid' | 'label';

export interface Lister<T extends ApiObject = KubeObject> {
  /** By `namespace/name` (or `name` for cluster-scoped objects). */
  get(key: string): T | undefined;
  /** All objects, or those of one namespace. */
  list(namespace?: string): T[];
  /**
   * Objects whose index value matches: `namespace` → name, `nodeName` → pod spec.nodeName,
   * `ownerUid` → an ownerReference uid, `label` → `key=value`.
   */
  byIndex(index: IndexName, value: string): T[];
  keys(): string[];
}

/** `namespace/name`, or `name` for cluster-scoped objects: the work-queue key of an object. */
export function objectKey(object: Pick<ApiObject, 'metadata'>): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : (name ?? '');
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
