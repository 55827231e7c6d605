/**
 * What the apiserver knows of one resource type: the facts discovery publishes and the store and
 * handlers need (group/version/kind, plural, scope, subresources). One definition per resource.
 */
export type Subresource = 'status' | 'scale' | 'binding' | 'log' | 'finalize' | 'token';

export const standardVerbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
] as const;
export type Verb = (typeof standardVerbs)[number];

export interface ResourceDefinition {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** The resource name in paths: `pods`, `deployments`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
  /** True when `spec` exists and its changes bump `metadata.generation`. */
  hasSpec: boolean;
  /** Field selectors this resource supports beyond metadata.name and metadata.namespace. */
  fieldSelectors: string[];
  /**
   * Virtual and create-only, never stored (the access reviews): a POST is answered by the
   * apiserver's handler for the kind with the object and its status; discovery lists only `create`.
   */
  createOnly?: boolean;
}

export const apiVersionOf = (def: Pick<ResourceDefinition, 'group' | 'version'>): string =>
  def.group ? `${def.group}/${def.version}` : def.version;

export const groupResourceOf = (def: ResourceDefinition): { group: string; resource: string } => ({
  group: def.group,
  resource: def.plural,
});
