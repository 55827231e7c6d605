/**
 * A Deployment's view of its ReplicaSets (pkg/controller/deployment/util/deployment_util.go):
 * which one is "new" (its template equals the Deployment's, ignoring the pod-template-hash),
 * which are "old", how many replicas they add up to, and how a new one is built.
 */
import { Deployment, LabelSelector, PodTemplateSpec, ReplicaSet } from '@orchestra/api';
import { parseTime } from '../controller-utils/clock';
import { deploymentKind, newControllerRef } from '../controller-utils/controller-ref';
import { canonicalJson, computeHash, podTemplateHashLabel } from '../controller-utils/pod-template-hash';

export const specReplicas = (o: { spec: { replicas?: number } }): number => o.spec.replicas ?? 1;

/** Sum of spec.replicas (GetReplicaCountForReplicaSets). */
export const replicaCount = (rss: readonly ReplicaSet[]): number =>
  rss.reduce((n, rs) => n + specReplicas(rs), 0);
/** Sum of status.replicas: pods that exist (GetActualReplicaCountForReplicaSets). */
export const actualReplicaCount = (rss: readonly ReplicaSet[]): number =>
  rss.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
export const readyReplicaCount = (rss: readonly ReplicaSet[]): number =>
  rss.reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0);
export const availableReplicaCount = (rss: readonly ReplicaSet[]): number =>
  rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);

/** ReplicaSets that still want pods (controller.FilterActiveReplicaSets). */
export const filterActiveReplicaSets = (rss: readonly ReplicaSet[]): ReplicaSet[] =>
  rss.filter((rs) => specReplicas(rs) > 0);

/** Oldest first; equal timestamps by name (controller.ReplicaSetsByCreationTimestamp). */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const [ta, tb] = [
    parseTime(a.metadata.creationTimestamp) ?? 0,
    parseTime(b.metadata.creationTimestamp) ?? 0,
  ];
  if (ta !== tb) return ta - tb;
  const [na, nb] = [a.metadata.name ?? '', b.metadata.name ?? ''];
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function withoutHashLabel(template: PodTemplateSpec | undefined): unknown {
  if (!template) return undefined;
  const labels = { ...template.metadata?.labels };
  delete labels[podTemplateHashLabel];
  return { ...template, metadata: { ...template.metadata, labels } };
}

/** Whether two pod templates are the same but for the pod-template-hash label (EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJson(withoutHashLabel(a)) === canonicalJson(withoutHashLabel(b));
}

/** The oldest ReplicaSet whose template is the Deployment's (FindNewReplicaSet). */
export function findNewReplicaSet(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** Every ReplicaSet but the new one (FindOldReplicaSets' allOldRSs). */
export function findOldReplicaSets(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
}

/** The new ReplicaSet already runs all the Deployment's replicas, all available (IsSaturated). */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = Number(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']);
  return (
    specReplicas(rs) === specReplicas(d) &&
    desired === specReplicas(d) &&
    (rs.status?.availableReplicas ?? 0) === specReplicas(d)
  );
}

function selectorWithHash(selector: LabelSelector, hash: string): LabelSelector {
  return { ...selector, matchLabels: { ...selector.matchLabels, [podTemplateHashLabel]: hash } };
}

/**
 * The ReplicaSet for the Deployment's current template: named `<deployment>-<pod-template-hash>`
 * (deterministic, so creating it twice fails instead of duplicating it), with the hash added to
 * its labels, its selector and its pod template's labels. Annotations and replicas come later.
 */
export function newReplicaSetFor(d: Deployment): ReplicaSet {
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const labels = { ...d.spec.template.metadata?.labels, [podTemplateHashLabel]: hash };
  const template: PodTemplateSpec = structuredClone(d.spec.template);
  template.metadata = { ...template.metadata, labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels,
      ownerReferences: [newControllerRef(d, deploymentKind)],
    },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: selectorWithHash(d.spec.selector, hash),
      template,
    },
  };
}
