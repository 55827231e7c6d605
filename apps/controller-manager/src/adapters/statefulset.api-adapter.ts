/** The StatefulSet controller's and the volume binder's API ports, carried out with the typed client. */
import {
  builtinResources,
  ControllerRevision,
  OwnerReference,
  PersistentVolumeClaim,
  Pod,
  ResourceDefinition,
  StatefulSet,
} from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { VolumeBinderApi } from '../statefulset/volume-binder.reconciler';
import { StatefulSetApi } from '../statefulset/statefulset.reconciler';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

export class StatefulSetApiAdapter implements StatefulSetApi, VolumeBinderApi {
  private readonly pods: ResourceClient<Pod>;
  private readonly claims: ResourceClient<PersistentVolumeClaim>;
  private readonly revisions: ResourceClient<ControllerRevision>;
  private readonly statefulSets: ResourceClient<StatefulSet>;

  constructor(client: ApiClient) {
    this.pods = client.resource<Pod>(definition('Pod'));
    this.claims = client.resource<PersistentVolumeClaim>(definition('PersistentVolumeClaim'));
    this.revisions = client.resource<ControllerRevision>(definition('ControllerRevision'));
    this.statefulSets = client.resource<StatefulSet>(definition('StatefulSet'));
  }

  createPod(namespace: string, pod: Pod): Promise<Pod> {
    return this.pods.create({ ...pod, metadata: { ...pod.metadata, namespace } });
  }

  async deletePod(namespace: string, name: string, uid: string): Promise<void> {
    await this.pods.delete(name, namespace, { preconditions: { uid } });
  }

  patchPodLabels(namespace: string, name: string, uid: string, labels: Record<string, string>): Promise<Pod> {
    // The uid in the patch makes it fail (422, uid is immutable) if the pod was replaced meanwhile.
    return this.pods.patch(name, namespace, { metadata: { uid, labels } }, 'merge');
  }

  patchPodOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<Pod> {
    return this.pods.patch(name, namespace, { metadata: { uid, ownerReferences } }, 'merge');
  }

  createClaim(namespace: string, claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    return this.claims.create({ ...claim, metadata: { ...claim.metadata, namespace } });
  }

  patchClaimOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<PersistentVolumeClaim> {
    return this.claims.patch(name, namespace, { metadata: { uid, ownerReferences } }, 'merge');
  }

  updateClaim(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    return this.claims.update(claim);
  }

  updateClaimStatus(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    return this.claims.updateStatus(claim);
  }

  createRevision(namespace: string, revision: ControllerRevision): Promise<ControllerRevision> {
    return this.revisions.create({ ...revision, metadata: { ...revision.metadata, namespace } });
  }

  getRevision(namespace: string, name: string): Promise<ControllerRevision> {
    return this.revisions.get(name, namespace);
  }

  updateRevision(revision: ControllerRevision): Promise<ControllerRevision> {
    return this.revisions.update(revision);
  }

  async deleteRevision(namespace: string, name: string, uid: string): Promise<void> {
    await this.revisions.delete(name, namespace, { preconditions: { uid } });
  }

  patchRevisionOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<ControllerRevision> {
    return this.revisions.patch(name, namespace, { metadata: { uid, ownerReferences } }, 'merge');
  }

  updateStatefulSetStatus(sts: StatefulSet): Promise<StatefulSet> {
    return this.statefulSets.updateStatus(sts);
  }
}
