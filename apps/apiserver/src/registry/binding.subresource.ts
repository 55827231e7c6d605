/**
 * POST pods/{name}/binding: how the scheduler assigns a pod to a node. Like Kubernetes'
 * BindingREST it sets spec.nodeName once (409 if the pod is already bound) and marks the pod
 * PodScheduled.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  ApiError,
  Binding,
  builtinResources,
  invalid,
  KubeObject,
  path,
  Pod,
  ResourceDefinition,
} from '@orchestra/api';
import { RequestContext } from './request-context';
import { ResourceRegistry } from './resource.registry';
import { kubeTime } from './system-fields';

const pods = builtinResources.find((d) => d.kind === 'Pod') as ResourceDefinition;

@Injectable()
export class BindingSubresource {
  constructor(@Inject(ResourceRegistry) private readonly registry: ResourceRegistry) {}

  async bind(
    namespace: string,
    podName: string,
    body: Record<string, unknown>,
    ctx: RequestContext,
  ): Promise<void> {
    const binding = body as unknown as Binding;
    const nodeName = binding.target?.name;
    if (!nodeName || typeof nodeName !== 'string') {
      throw ApiError.invalid('Binding', '', podName, [
        invalid(path('target').child('name'), nodeName, 'must be a node name'),
      ]);
    }
    if (binding.metadata?.name && binding.metadata.name !== podName) {
      throw ApiError.badRequest(
        `the name of the binding (${binding.metadata.name}) does not match the pod (${podName})`,
      );
    }
    const bindOnce = (current: KubeObject): KubeObject => {
      const pod = current as unknown as Pod;
      if (pod.metadata.deletionTimestamp) {
        throw ApiError.conflict(
          { group: '', resource: 'pods' },
          podName,
          'pod is being deleted, cannot be assigned to a host',
        );
      }
      if (pod.spec.nodeName) {
        throw ApiError.conflict(
          { group: '', resource: 'pods' },
          podName,
          `pod ${podName} is already assigned to node "${pod.spec.nodeName}"`,
        );
      }
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: kubeTime(ctx.now),
      });
      return { ...current, spec: { ...pod.spec, nodeName }, status: { ...pod.status, conditions } };
    };
    await this.registry.systemUpdate(pods, namespace, podName, bindOnce, ctx);
  }
}
