/**
 * What discovery says about each subresource: the kind it answers with and the verbs it allows,
 * as a real apiserver publishes them (e.g. `deployments/scale` speaks autoscaling/v1 Scale).
 */
import { ResourceDefinition, standardVerbs, Subresource } from '@orchestra/api';

export interface SubresourceFacts {
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

const readWrite = ['get', 'patch', 'update'];

const FACTS: Record<Subresource, (def: ResourceDefinition) => SubresourceFacts> = {
  status: (def) => ({ group: def.group, version: def.version, kind: def.kind, verbs: readWrite }),
  scale: () => ({ group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: readWrite }),
  binding: () => ({ group: '', version: 'v1', kind: 'Binding', verbs: ['create'] }),
  // Kubernetes lists pods/log with the Pod kind although the body is plain text.
  log: (def) => ({ group: def.group, version: def.version, kind: def.kind, verbs: ['get'] }),
  // PUT namespaces/{name}/finalize: how the namespace controller removes its spec.finalizers entry.
  finalize: (def) => ({ group: def.group, version: def.version, kind: def.kind, verbs: ['update'] }),
  // POST serviceaccounts/{name}/token (kubectl create token): a TokenRequest in, a TokenRequest out.
  token: () => ({ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] }),
};

export const subresourceFacts = (def: ResourceDefinition, subresource: Subresource): SubresourceFacts =>
  FACTS[subresource](def);

/** The full CRUD + watch verb set; only `create` for the virtual, create-only kinds (access reviews). */
export const resourceVerbs = (def: ResourceDefinition): string[] =>
  def.createOnly ? ['create'] : [...standardVerbs];
