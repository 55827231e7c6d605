/**
 * The `scale` subresource of Deployments and ReplicaSets: an autoscaling/v1 Scale view of
 * spec.replicas, read and written as its own object (kubectl scale, the HPA).
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  ApiError,
  applyPatch,
  groupResourceOf,
  invalid,
  KubeObject,
  labelSelectorToString,
  LabelSelector,
  path,
  ResourceDefinition,
  Scale,
} from '@orchestra/api';
import { RequestContext } from './request-context';
import { ResourceRegistry } from './resource.registry';

interface Scalable extends KubeObject {
  spec: { replicas?: number; selector?: LabelSelector };
  status?: { replicas?: number };
}

@Injectable()
export class ScaleSubresource {
  constructor(@Inject(ResourceRegistry) private readonly registry: ResourceRegistry) {}

  async get(def: ResourceDefinition, namespace: string, name: string): Promise<Scale> {
    return toScale((await this.registry.get(def, namespace, name)) as Scalable);
  }

  /** PUT: the body is a Scale. */
  async update(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    body: Record<string, unknown>,
    ctx: RequestContext,
  ): Promise<Scale> {
    return this.write(def, namespace, name, () => body as unknown as Scale, ctx);
  }

  /** PATCH: the patch applies to the Scale view, then lands on spec.replicas. */
  async patch(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    mediaType: string,
    patch: unknown,
    ctx: RequestContext,
  ): Promise<Scale> {
    return this.write(
      def,
      namespace,
      name,
      (scale) => applyPatch(mediaType, scale as unknown as KubeObject, patch, 'Scale') as unknown as Scale,
      ctx,
    );
  }

  private async write(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    change: (scale: Scale) => Scale,
    ctx: RequestContext,
  ): Promise<Scale> {
    const updated = await this.registry.modify(
      def,
      namespace,
      name,
      (current) => {
        const target = current as Scalable;
        const before = toScale(target);
        const scale = change(structuredClone(before));
        const wanted = scale.metadata?.resourceVersion;
        if (wanted && wanted !== before.metadata.resourceVersion) {
          throw ApiError.staleResourceVersion(groupResourceOf(def), name);
        }
        const replicas = scale.spec?.replicas;
        if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
          throw ApiError.invalid('Scale', 'autoscaling', name, [
            invalid(path('spec').child('replicas'), replicas, 'must be greater than or equal to 0'),
          ]);
        }
        return { ...target, spec: { ...target.spec, replicas: replicas ?? 0 } };
      },
      'main',
      ctx,
    );
    return toScale(updated as Scalable);
  }
}

export function toScale(object: Scalable): Scale {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: object.spec.replicas ?? 0 },
    status: {
      replicas: object.status?.replicas ?? 0,
      selector: object.spec.selector ? labelSelectorToString(object.spec.selector) : '',
    },
  };
}
