/** StatefulSet defaulting (apps/v1 SetDefaults_StatefulSet, and its claim templates and pod template). */
import { isRecord, Obj } from '../validation/shape';
import { defaultPersistentVolumeClaim } from './persistentvolumeclaim.defaults';
import { defaultPodTemplate } from './pod.defaults';

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

export function defaultStatefulSet(sts: Obj): void {
  const spec = sts.spec;
  if (!isRecord(spec)) return;
  if (absent(spec.podManagementPolicy)) spec.podManagementPolicy = 'OrderedReady';
  if (absent(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy;
  if (isRecord(strategy)) {
    // Only a type left out gets a rollingUpdate (and so a partition): an explicit
    // `type: RollingUpdate` without one stays without, as in Kubernetes.
    if (absent(strategy.type)) {
      strategy.type = 'RollingUpdate';
      if (absent(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    }
    const rolling = strategy.rollingUpdate;
    if (strategy.type === 'RollingUpdate' && isRecord(rolling) && absent(rolling.partition))
      rolling.partition = 0;
  }
  if (absent(spec.persistentVolumeClaimRetentionPolicy)) spec.persistentVolumeClaimRetentionPolicy = {};
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (isRecord(retention)) {
    if (absent(retention.whenDeleted)) retention.whenDeleted = 'Retain';
    if (absent(retention.whenScaled)) retention.whenScaled = 'Retain';
  }
  if (absent(spec.replicas)) spec.replicas = 1;
  if (absent(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultPodTemplate(spec.template);
  // Each claim template is a PersistentVolumeClaim, defaulted (and typed) as one.
  if (Array.isArray(spec.volumeClaimTemplates)) {
    for (const claim of spec.volumeClaimTemplates) {
      if (!isRecord(claim)) continue;
      if (absent(claim.apiVersion)) claim.apiVersion = 'v1';
      if (absent(claim.kind)) claim.kind = 'PersistentVolumeClaim';
      defaultPersistentVolumeClaim(claim);
    }
  }
}
