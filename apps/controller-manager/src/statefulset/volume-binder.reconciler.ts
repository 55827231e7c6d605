/**
 * The volume binder (Kubernetes' persistentvolume-binder controller with a dynamic provisioner in
 * one): every PersistentVolumeClaim gets a volume of its own at once. Orchestra has no
 * PersistentVolumes and its kubelet mounts nothing: the "volume" is a name, `pvc-<claim uid>`, set
 * once in spec.volumeName, and the claim's status says Bound with the requested capacity and
 * access modes. A claim's uid is its storage's identity: a StatefulSet pod that is replaced gets
 * the same claim, so the same storage, back.
 */
import { PersistentVolumeClaim } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { Reconciler } from '@orchestra/queues';
import { isNotFound } from '../controller-utils/api-errors';
import { EventSink } from '../controller-utils/workload-api.port';

export interface VolumeBinderApi {
  /** PUT the claim (spec.volumeName, set once, and the binding annotations). */
  updateClaim(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim>;
  /** PUT the claim's status subresource. */
  updateClaimStatus(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim>;
}

export const bindCompletedAnnotation = 'pv.kubernetes.io/bind-completed';
export const boundByControllerAnnotation = 'pv.kubernetes.io/bound-by-controller';

/** The simulated volume of a claim. */
export const volumeNameFor = (claim: PersistentVolumeClaim): string => `pvc-${claim.metadata.uid ?? ''}`;

export class VolumeBinderReconciler implements Reconciler {
  readonly name = 'persistentvolume-binder';

  constructor(
    private readonly deps: {
      claims: Lister<PersistentVolumeClaim>;
      api: VolumeBinderApi;
      events: EventSink;
    },
  ) {}

  async reconcile(key: string): Promise<void> {
    const { api, events } = this.deps;
    let claim = this.deps.claims.get(key);
    if (!claim || claim.metadata.deletionTimestamp) return;
    if (claim.status?.phase === 'Bound' && claim.spec.volumeName) return;
    try {
      if (!claim.spec.volumeName) {
        const volumeName = volumeNameFor(claim);
        claim = await api.updateClaim({
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          ...claim,
          metadata: {
            ...claim.metadata,
            annotations: {
              ...claim.metadata.annotations,
              [bindCompletedAnnotation]: 'yes',
              [boundByControllerAnnotation]: 'yes',
            },
          },
          spec: { ...claim.spec, volumeName },
        });
        events.normal(claim, 'ProvisioningSucceeded', `Successfully provisioned volume ${volumeName}`);
      }
      const storage = claim.spec.resources?.requests?.storage;
      await api.updateClaimStatus({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        ...claim,
        status: {
          ...claim.status,
          phase: 'Bound',
          accessModes: claim.spec.accessModes,
          ...(storage !== undefined ? { capacity: { storage: String(storage) } } : {}),
        },
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
