/**
 * A StatefulSet pod's identity (pkg/controller/statefulset/stateful_set_utils.go): its ordinal in
 * its name (`<set>-<ordinal>`), its labels, its hostname and subdomain, and the claims that are its
 * storage (`<template>-<set>-<ordinal>`). Pure functions of the StatefulSet and the pod.
 */
import { OwnerReference, PersistentVolumeClaim, Pod, PodTemplateSpec, StatefulSet } from '@orchestra/api';
import { isPodAvailable, isPodReady } from '../controller-utils/pod-readiness';

/** Which pod of the set this is (apps/v1 StatefulSetPodNameLabel). */
export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
/** The pod's ordinal (apps/v1 PodIndexLabel, on by default since Kubernetes 1.28). */
export const podIndexLabel = 'apps.kubernetes.io/pod-index';
/** The ControllerRevision the pod was made from: its name, `<set>-<hash>`. */
export const controllerRevisionHashLabel = 'controller-revision-hash';

const statefulPodRegex = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: `web-3` → web, 3; a name without an ordinal → '', -1. */
export function parentAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const match = statefulPodRegex.exec(pod.metadata.name ?? '');
  if (!match) return { parent: '', ordinal: -1 };
  const ordinal = Number(match[2]);
  return {
    parent: match[1],
    ordinal: Number.isSafeInteger(ordinal) && ordinal <= 2 ** 31 - 1 ? ordinal : -1,
  };
}

export const ordinalOf = (pod: Pod): number => parentAndOrdinal(pod).ordinal;

/** isMemberOf: the pod's name says it belongs to the set. */
export const isMemberOf = (sts: StatefulSet, pod: Pod): boolean =>
  parentAndOrdinal(pod).parent === sts.metadata.name;

export const startOrdinal = (sts: StatefulSet): number => sts.spec.ordinals?.start ?? 0;
export const replicasOf = (sts: StatefulSet): number => sts.spec.replicas ?? 1;

export const podName = (sts: StatefulSet, ordinal: number): string => `${sts.metadata.name}-${ordinal}`;

/** `<template>-<set>-<ordinal>`: the claim an ordinal keeps for a claim template, whatever pod holds it. */
export const claimName = (sts: StatefulSet, template: string, ordinal: number): string =>
  `${template}-${sts.metadata.name}-${ordinal}`;

export const podInOrdinalRange = (sts: StatefulSet, pod: Pod): boolean => {
  const ordinal = ordinalOf(pod);
  return ordinal >= startOrdinal(sts) && ordinal < startOrdinal(sts) + replicasOf(sts);
};

export const revisionOf = (pod: Pod): string => pod.metadata.labels?.[controllerRevisionHashLabel] ?? '';

/** identityMatches: name, namespace and the identity labels are the set's for the pod's ordinal. */
export function identityMatches(sts: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    parent === sts.metadata.name &&
    pod.metadata.namespace === sts.metadata.namespace &&
    pod.metadata.labels?.[podNameLabel] === pod.metadata.name &&
    pod.metadata.labels?.[podIndexLabel] === String(ordinal)
  );
}

/** The identity labels a pod of the set must carry (updateIdentity). */
export const identityLabels = (pod: Pod): Record<string, string> => ({
  [podNameLabel]: pod.metadata.name ?? '',
  [podIndexLabel]: String(ordinalOf(pod)),
});

/**
 * getPersistentVolumeClaims: one claim per template for the ordinal, labelled with the set's
 * selector matchLabels, keyed by template name.
 */
export function claimsFor(sts: StatefulSet, ordinal: number): Map<string, PersistentVolumeClaim> {
  const claims = new Map<string, PersistentVolumeClaim>();
  for (const template of sts.spec.volumeClaimTemplates ?? []) {
    const name = template.metadata.name ?? '';
    const meta = template.metadata;
    claims.set(name, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(sts, name, ordinal),
        namespace: sts.metadata.namespace,
        labels: { ...meta.labels, ...sts.spec.selector.matchLabels },
        ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      },
      spec: structuredClone(template.spec),
    });
  }
  return claims;
}

/** storageMatches: every claim template is a volume of the pod naming the ordinal's claim. */
export function storageMatches(sts: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  return (sts.spec.volumeClaimTemplates ?? []).every((t) => {
    const name = t.metadata.name ?? '';
    return volumes.get(name)?.persistentVolumeClaim?.claimName === claimName(sts, name, ordinal);
  });
}

/**
 * newStatefulSetPod: the template (of the given revision) as a pod named for its ordinal, with the
 * set as controller, the identity and revision labels, hostname = its name and subdomain = the
 * governing Service (so `<pod>.<service>` is its stable DNS name), and one volume per claim
 * template (replacing a template volume of the same name).
 */
export function newStatefulSetPod(
  sts: StatefulSet,
  template: PodTemplateSpec,
  ordinal: number,
  revision: string,
  ref: OwnerReference,
): Pod {
  const meta = template.metadata ?? {};
  const name = podName(sts, ordinal);
  const spec = structuredClone(template.spec);
  const claims = claimsFor(sts, ordinal);
  spec.volumes = [
    ...[...claims].map(([volume, claim]) => ({
      name: volume,
      persistentVolumeClaim: { claimName: claim.metadata.name ?? '' },
    })),
    ...(spec.volumes ?? []).filter((v) => !claims.has(v.name)),
  ];
  if (spec.volumes.length === 0) delete spec.volumes;
  spec.hostname = name;
  if (sts.spec.serviceName) spec.subdomain = sts.spec.serviceName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${sts.metadata.name}-`,
      namespace: sts.metadata.namespace,
      labels: {
        ...meta.labels,
        [podNameLabel]: name,
        [podIndexLabel]: String(ordinal),
        [controllerRevisionHashLabel]: revision,
      },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [ref],
    },
    spec,
  };
}

// Pod states as the StatefulSet controller reads them (stateful_set_utils.go).
export const isCreated = (pod: Pod): boolean => !!pod.status?.phase;
export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Pod): boolean => !!pod.metadata.deletionTimestamp;
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, now: number): boolean =>
  isPodAvailable(pod, minReadySeconds, now);
/** Not available (ready for minReadySeconds), or on its way out. */
export const isUnavailable = (pod: Pod, minReadySeconds: number, now: number): boolean =>
  !isPodAvailable(pod, minReadySeconds, now) || isTerminating(pod);
