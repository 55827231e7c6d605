/**
 * Kubernetes' DefaultBinder (plugins/defaultbinder): binds the pod with POST pods/{name}/binding,
 * carrying the trace context of the change that made the pod pending, so the binding shows up in
 * the same trace as the `kubectl apply` that created it.
 */
import type { ApiClient } from '@orchestra/client';
import { Status, type BindPlugin, type CycleState, type PodInfo } from '../framework';

export const DEFAULT_BINDER = 'DefaultBinder';

/** The traceparent remembered for a pod (from its work-queue job), if any. */
export type TraceparentLookup = (pod: PodInfo) => string | undefined;

export class DefaultBinderPlugin implements BindPlugin {
  readonly name = DEFAULT_BINDER;

  constructor(
    private readonly client: Pick<ApiClient, 'bind'>,
    private readonly traceparentOf: TraceparentLookup = () => undefined,
  ) {}

  async bind(_state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    try {
      await this.client.bind(pod.namespace, pod.name, nodeName, { traceparent: this.traceparentOf(pod) });
      return Status.success();
    } catch (error) {
      return Status.error((error as Error).message);
    }
  }
}
