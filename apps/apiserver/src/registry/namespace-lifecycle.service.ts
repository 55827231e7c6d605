/**
 * Namespace deletion as Kubernetes' apiserver does it: DELETE marks the namespace Terminating;
 * the controller-manager's namespace controller empties it and then removes the `kubernetes`
 * finalizer through `namespaces/{name}/finalize`, after which the apiserver deletes it.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiError, DeleteOptions, KubeObject, Namespace } from '@orchestra/api';
import { RedisStore } from '@orchestra/store';
import { namespaceDefinition } from './namespace.guard';
import { RequestContext } from './request-context';
import { ResourceRegistry } from './resource.registry';
import { kubeTime } from './system-fields';

export const kubernetesFinalizer = 'kubernetes';
const undeletableNamespaces = new Set(['default', 'kube-system', 'kube-public']);

@Injectable()
export class NamespaceLifecycleService {
  private readonly logger = new Logger('NamespaceLifecycle');

  constructor(
    @Inject(RedisStore) private readonly store: RedisStore,
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
  ) {}

  async delete(name: string, options: DeleteOptions, ctx: RequestContext): Promise<KubeObject> {
    if (undeletableNamespaces.has(name)) {
      throw ApiError.forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
    }
    const current = (await this.registry.get(namespaceDefinition, undefined, name)) as Namespace;
    if (current.metadata.deletionTimestamp) return current as KubeObject;
    if (!(current.spec?.finalizers ?? []).length && !(current.metadata.finalizers ?? []).length) {
      return (await this.registry.delete(namespaceDefinition, undefined, name, options, ctx)).object;
    }
    if (ctx.dryRun) return current as KubeObject;
    const { object } = await this.store.guaranteedUpdate(
      namespaceDefinition,
      undefined,
      name,
      (ns) => ({
        ...ns,
        metadata: { ...ns.metadata, deletionTimestamp: kubeTime(ctx.now), deletionGracePeriodSeconds: 0 },
        status: { ...(ns.status as object), phase: 'Terminating' },
      }),
      { traceparent: ctx.traceparent, expectedRv: options.preconditions?.resourceVersion },
    );
    return object;
  }

  /**
   * PUT namespaces/{name}/finalize: sets spec.finalizers (the namespace controller removes its
   * `kubernetes` entry once the namespace is empty); a terminating namespace left with no
   * finalizers at all is deleted.
   */
  async finalize(name: string, body: Record<string, unknown>, ctx: RequestContext): Promise<KubeObject> {
    const wanted = ((body.spec ?? {}) as { finalizers?: unknown }).finalizers ?? [];
    if (!Array.isArray(wanted) || wanted.some((f) => typeof f !== 'string')) {
      throw ApiError.invalid('Namespace', '', name, [
        {
          type: 'FieldValueInvalid',
          field: 'spec.finalizers',
          value: wanted,
          detail: 'must be a list of strings',
        },
      ]);
    }
    if (ctx.dryRun) return this.registry.get(namespaceDefinition, undefined, name);
    const { object } = await this.store.guaranteedUpdate(
      namespaceDefinition,
      undefined,
      name,
      (ns) => ({ ...ns, spec: { ...(ns.spec as object), finalizers: wanted as string[] } }),
      { traceparent: ctx.traceparent },
    );
    const done =
      object.metadata.deletionTimestamp && !wanted.length && !(object.metadata.finalizers ?? []).length;
    if (!done) return object;
    const deleted = await this.store.delete(
      namespaceDefinition,
      undefined,
      name,
      object.metadata.resourceVersion,
    );
    this.logger.log(`namespace ${name} deleted`);
    return deleted;
  }
}
