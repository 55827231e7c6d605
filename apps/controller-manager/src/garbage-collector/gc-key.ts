/**
 * The garbage collector works on objects of any resource, so its queue keys carry the resource:
 * `replicasets/default/web-7d4b9`, `nodes/node-1` (cluster-scoped).
 */
export interface GcKey {
  resource: string;
  namespace?: string;
  name: string;
}

export function formatGcKey(key: GcKey): string {
  return key.namespace ? `${key.resource}/${key.namespace}/${key.name}` : `${key.resource}/${key.name}`;
}

export function parseGcKey(text: string, namespaced: (resource: string) => boolean): GcKey {
  const [resource, ...rest] = text.split('/');
  if (namespaced(resource)) {
    if (rest.length !== 2) throw new Error(`garbage collector key "${text}" must be resource/namespace/name`);
    return { resource, namespace: rest[0], name: rest[1] };
  }
  if (rest.length !== 1) throw new Error(`garbage collector key "${text}" must be resource/name`);
  return { resource, name: rest[0] };
}
