/**
 * The ConfigMaps and Secrets a pod refers to, as the kubelet last read them (Kubernetes'
 * configmap and secret managers): read through the apiserver with the node's own identity (the
 * Node authorizer lets it read only these), one GET each. A 404 is remembered as absent; any
 * other failure (the apiserver unreachable, a partition) keeps what was read before, as the
 * managers' caches do, and fails the sync only when there is nothing to fall back on.
 */
import {
  ApiError,
  builtinResources,
  podReferences,
  type ConfigMap,
  type Pod,
  type ResourceDefinition,
  type Secret,
} from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';

const configMapsDef = builtinResources.find((d) => d.kind === 'ConfigMap') as ResourceDefinition;
const secretsDef = builtinResources.find((d) => d.kind === 'Secret') as ResourceDefinition;

/** What the node reads them with: its own ApiClient's GET, undefined for a 404. */
export interface ConfigObjectSource {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

/** One read of every object a pod refers to; `null` where the apiserver has none. */
export interface ConfigObjects {
  namespace: string;
  configMaps: ReadonlyMap<string, ConfigMap | null>;
  secrets: ReadonlyMap<string, Secret | null>;
  readAt: number;
}

export const noConfigObjects = (namespace: string): ConfigObjects => ({
  namespace,
  configMaps: new Map(),
  secrets: new Map(),
  readAt: 0,
});

export async function readConfigObjects(
  source: ConfigObjectSource,
  pod: Pod,
  previous: ConfigObjects | undefined,
  now: number,
): Promise<ConfigObjects> {
  const namespace = pod.metadata.namespace ?? 'default';
  const refs = podReferences(pod);
  const read = async <T>(
    names: Set<string>,
    get: (ns: string, name: string) => Promise<T | undefined>,
    before: ReadonlyMap<string, T | null> | undefined,
  ): Promise<Map<string, T | null>> => {
    const entries = await Promise.all(
      [...names].map(async (name): Promise<[string, T | null]> => {
        try {
          return [name, (await get(namespace, name)) ?? null];
        } catch (error) {
          if (before?.has(name)) return [name, before.get(name)!];
          throw error;
        }
      }),
    );
    return new Map(entries);
  };
  const [configMaps, secrets] = await Promise.all([
    read(refs.configMaps, (ns, name) => source.configMap(ns, name), previous?.configMaps),
    read(refs.secrets, (ns, name) => source.secret(ns, name), previous?.secrets),
  ]);
  return { namespace, configMaps, secrets, readAt: now };
}

/** Does the pod refer to any ConfigMap or Secret at all? */
export function hasConfigReferences(pod: Pod): boolean {
  const refs = podReferences(pod);
  return refs.configMaps.size > 0 || refs.secrets.size > 0;
}

/** What each read's answer may be reused for, as a fraction of the refresh period. */
export const SHARED_READ_FRACTION = 0.2;

/**
 * Reads through a node's own client (its identity is what the Node authorizer checks). Pods of
 * the node that refer to the same object share one read for `shareMs` (the kubelet's cache-based
 * managers do the same with a TTL), so a ConfigMap mounted by a hundred pods costs one GET per
 * period, not a hundred; a read may thus be up to `shareMs` older than the sync using it.
 */
export function apiConfigSource(
  api: ApiClient,
  shareMs = 0,
  now: () => number = Date.now,
): ConfigObjectSource {
  const configMaps = api.resource<ConfigMap>(configMapsDef);
  const secrets = api.resource<Secret>(secretsDef);
  const reads = new Map<string, { at: number; answer: Promise<unknown> }>();
  const shared = <T>(key: string, read: () => Promise<T | undefined>): Promise<T | undefined> => {
    const at = now();
    const recent = reads.get(key);
    if (recent && at - recent.at < shareMs) return recent.answer as Promise<T | undefined>;
    if (reads.size >= 10_000) for (const [k, r] of reads) if (at - r.at >= shareMs) reads.delete(k);
    const answer = read();
    reads.set(key, { at, answer });
    // A failed read is not shared: the next sync tries again.
    answer.catch(() => reads.get(key)?.answer === answer && reads.delete(key));
    return answer;
  };
  return {
    configMap: (namespace, name) =>
      shared(`configmaps/${namespace}/${name}`, () => getOrUndefined(() => configMaps.get(name, namespace))),
    secret: (namespace, name) =>
      shared(`secrets/${namespace}/${name}`, () => getOrUndefined(() => secrets.get(name, namespace))),
  };
}

/** A GET that answers undefined for a 404. */
export async function getOrUndefined<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (error) {
    if (error instanceof ApiError && error.code === 404) return undefined;
    throw error;
  }
}
