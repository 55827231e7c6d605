/** How logs name a Kubernetes object, like klog's KObj: `{kind, namespace, name}`. */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

interface ObjectLike {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

export function objectRef(object: ObjectLike, kind = object.kind): ObjectRef {
  const { name = '', namespace } = object.metadata ?? {};
  return namespace ? { kind: kind ?? 'Unknown', namespace, name } : { kind: kind ?? 'Unknown', name };
}
