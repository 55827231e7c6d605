/** The ReplicaSet, Deployment and DaemonSet controllers' API ports, carried out with the typed client. */
import {
  builtinResources,
  DaemonSet,
  Deployment,
  OwnerReference,
  Pod,
  ReplicaSet,
  ResourceDefinition,
} from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { WorkloadApi } from '../controller-utils';
import { DaemonSetApi } from '../daemonset/daemonset.reconciler';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export class WorkloadApiAdapter implements WorkloadApi, DaemonSetApi {
  private readonly pods: ResourceClient<Pod>;
  private readonly replicaSets: ResourceClient<ReplicaSet>;
  private readonly deployments: ResourceClient<Deployment>;
  private readonly daemonSets: ResourceClient<DaemonSet>;

  constructor(
    client: ApiClient,
    private readonly traceparent?: () => string | undefined,
  ) {
    this.pods = client.resource<Pod>(definition('Pod'));
    this.replicaSets = client.resource<ReplicaSet>(definition('ReplicaSet'));
    this.deployments = client.resource<Deployment>(definition('Deployment'));
    this.daemonSets = client.resource<DaemonSet>(definition('DaemonSet'));
  }

  createPod(namespace: string, pod: Pod): Promise<Pod> {
    return this.pods.create({ ...pod, metadata: { ...pod.metadata, namespace } }, this.options());
  }

  async deletePod(namespace: string, name: string, uid: string): Promise<void> {
    await this.pods.delete(name, namespace, { preconditions: { uid } }, this.options());
  }

  patchPodOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<Pod> {
    // The uid in the patch makes it fail (422, uid is immutable) if the pod was replaced meanwhile.
    return this.pods.patch(name, namespace, { metadata: { uid, ownerReferences } }, 'merge', this.options());
  }

  createReplicaSet(namespace: string, rs: ReplicaSet): Promise<ReplicaSet> {
    return this.replicaSets.create({ ...rs, metadata: { ...rs.metadata, namespace } }, this.options());
  }

  updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet> {
    return this.replicaSets.update(rs, this.options());
  }

  updateReplicaSetStatus(rs: ReplicaSet): Promise<ReplicaSet> {
    return this.replicaSets.updateStatus(rs, this.options());
  }

  updateDaemonSetStatus(ds: DaemonSet): Promise<DaemonSet> {
    return this.daemonSets.updateStatus(ds, this.options());
  }

  async deleteReplicaSet(namespace: string, name: string, uid: string): Promise<void> {
    await this.replicaSets.delete(name, namespace, { preconditions: { uid } }, this.options());
  }

  patchReplicaSetOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<ReplicaSet> {
    return this.replicaSets.patch(
      name,
      namespace,
      { metadata: { uid, ownerReferences } },
      'merge',
      this.options(),
    );
  }

  updateDeployment(deployment: Deployment): Promise<Deployment> {
    return this.deployments.update(deployment, this.options());
  }

  updateDeploymentStatus(deployment: Deployment): Promise<Deployment> {
    return this.deployments.updateStatus(deployment, this.options());
  }

  private options() {
    return { traceparent: this.traceparent?.() };
  }
}
