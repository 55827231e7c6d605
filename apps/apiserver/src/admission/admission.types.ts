/**
 * The admission contract, as k8s.io/apiserver's admission package: every write passes an ordered
 * chain of plugins, first the mutating ones (which may change the object), then the validating
 * ones (which may only refuse it). A plugin refuses by throwing an ApiError (usually 403
 * Forbidden, see admissionForbidden).
 */
import { ApiError, KubeObject, ResourceDefinition } from '@orchestra/api';
import { UserInfo } from '../authentication/user-info';
import { RequestContext } from '../registry/request-context';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** What a plugin is told about the request (Kubernetes' admission.Attributes). */
export interface AdmissionAttributes {
  operation: AdmissionOperation;
  /** The resource written (its kind, group and plural are `def.kind`, `def.group`, `def.plural`). */
  def: ResourceDefinition;
  /** `status`, `binding`, `eviction`…, or '' for the object itself. */
  subresource: string;
  namespace?: string;
  /** The object's name ('' while a generated name is not chosen yet). */
  name: string;
  /** The object as it would be stored (CREATE, UPDATE); mutating plugins change it in place. */
  object?: KubeObject;
  /** The stored object (UPDATE, DELETE). */
  oldObject?: KubeObject;
  /** Who asks; undefined for the apiserver's own writes and until authentication sets it. */
  user?: UserInfo;
  dryRun: boolean;
  ctx: RequestContext;
}

export interface AdmissionPlugin {
  /** Kubernetes' plugin name (`LimitRanger`, `ResourceQuota`…), used in messages and metrics. */
  readonly name: string;
  /** Mutating phase: may change `attrs.object`. */
  mutate?(attrs: AdmissionAttributes): void | Promise<void>;
  /** Validating phase: may only refuse. */
  validate?(attrs: AdmissionAttributes): void | Promise<void>;
}

/** The plugins in the order they run (both phases keep it). */
export const ADMISSION_PLUGINS = Symbol('ADMISSION_PLUGINS');

/** `pods` or `deployments.apps`: the resource as Kubernetes' messages name it. */
export function qualifiedResource(def: Pick<ResourceDefinition, 'group' | 'plural'>): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

/** Kubernetes' admission.NewForbidden: `pods "web-3" is forbidden: <reason>` (403, reason Forbidden). */
export function admissionForbidden(attrs: AdmissionAttributes, reason: string): ApiError {
  // Before a generated name is chosen, Kubernetes names the object by its generateName prefix.
  const name = attrs.name || attrs.object?.metadata.name || attrs.object?.metadata.generateName || 'Unknown';
  return new ApiError(403, 'Forbidden', `${qualifiedResource(attrs.def)} "${name}" is forbidden: ${reason}`, {
    name,
    group: attrs.def.group || undefined,
    kind: attrs.def.plural,
  });
}
