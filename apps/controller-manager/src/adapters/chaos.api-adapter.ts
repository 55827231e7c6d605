/** The chaos controller's API port, carried out with the typed client. */
import {
  builtinResources,
  ChaosExperiment,
  ChaosExperimentStatus,
  Node,
  Pod,
  ResourceDefinition,
} from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { ChaosApi } from '../chaos/chaos-api.port';
import { isConflict, isNotFound } from '../controller-utils';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export class ChaosApiAdapter implements ChaosApi {
  private readonly pods: ResourceClient<Pod>;
  private readonly experiments: ResourceClient<ChaosExperiment>;
  private readonly nodes: ResourceClient<Node>;

  constructor(client: ApiClient) {
    this.pods = client.resource<Pod>(def('Pod'));
    this.experiments = client.resource<ChaosExperiment>(def('ChaosExperiment'));
    this.nodes = client.resource<Node>(def('Node'));
  }

  async deletePod(pod: Pod, gracePeriodSeconds: number | undefined, traceparent?: string): Promise<void> {
    await ignoreNotFound(
      this.pods.delete(
        pod.metadata.name!,
        pod.metadata.namespace,
        { gracePeriodSeconds, preconditions: { uid: pod.metadata.uid } },
        { traceparent },
      ),
    );
  }

  async annotatePod(pod: Pod, annotation: string, value: string | null, traceparent?: string): Promise<void> {
    // The uid makes it a precondition: a pod recreated under the same name is left alone.
    await ignoreNotFound(
      this.pods.patch(
        pod.metadata.name!,
        pod.metadata.namespace,
        { metadata: { uid: pod.metadata.uid, annotations: { [annotation]: value } } },
        'merge',
        { traceparent },
      ),
    );
  }

  async probeLatencySeconds(experiment: ChaosExperiment): Promise<number> {
    const startedAt = performance.now();
    await this.experiments.get(experiment.metadata.name!, experiment.metadata.namespace);
    return (performance.now() - startedAt) / 1000;
  }

  async annotateNode(
    node: Node,
    annotation: string,
    value: string | null,
    traceparent?: string,
  ): Promise<void> {
    await ignoreNotFound(
      this.nodes.patch(
        node.metadata.name!,
        undefined,
        { metadata: { uid: node.metadata.uid, annotations: { [annotation]: value } } },
        'merge',
        { traceparent },
      ),
    );
  }

  async setUnschedulable(node: Node, unschedulable: boolean, traceparent?: string): Promise<void> {
    // As kubectl (un)cordon: a merge patch of spec.unschedulable (null drops it); uid as precondition.
    await ignoreNotFound(
      this.nodes.patch(
        node.metadata.name!,
        undefined,
        { metadata: { uid: node.metadata.uid }, spec: { unschedulable: unschedulable || null } },
        'merge',
        { traceparent },
      ),
    );
  }

  patchStatus(
    experiment: ChaosExperiment,
    status: { [K in keyof ChaosExperimentStatus]: ChaosExperimentStatus[K] | null },
    traceparent?: string,
  ): Promise<ChaosExperiment> {
    return this.experiments.patchStatus(
      experiment.metadata.name!,
      experiment.metadata.namespace,
      { metadata: { uid: experiment.metadata.uid }, status },
      'merge',
      { traceparent },
    );
  }
}

/** A pod that is gone, or replaced under its name (uid precondition failed), is not an error here. */
async function ignoreNotFound(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!isNotFound(error) && !isConflict(error)) throw error;
  }
}
