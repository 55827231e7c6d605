/**
 * The ConfigMaps and Secrets a pod refers to (Kubernetes' podutil.VisitPodSecretNames and
 * VisitPodConfigmapNames): env valueFrom, envFrom and volumes (configMap, secret, projected),
 * of init and app containers. The kubelet reads exactly these; the Node authorizer lets a node
 * read exactly these of the pods bound to it.
 */
import type { Container, Pod } from '../types';

export interface PodReferences {
  configMaps: Set<string>;
  secrets: Set<string>;
}

export function podReferences(pod: Pick<Pod, 'spec'>): PodReferences {
  const refs: PodReferences = { configMaps: new Set(), secrets: new Set() };
  const spec = pod.spec ?? { containers: [] };
  const containers: Container[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  for (const c of containers) {
    for (const v of c.env ?? []) {
      if (v.valueFrom?.configMapKeyRef?.name) refs.configMaps.add(v.valueFrom.configMapKeyRef.name);
      if (v.valueFrom?.secretKeyRef?.name) refs.secrets.add(v.valueFrom.secretKeyRef.name);
    }
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef?.name) refs.configMaps.add(from.configMapRef.name);
      if (from.secretRef?.name) refs.secrets.add(from.secretRef.name);
    }
  }
  for (const volume of spec.volumes ?? []) {
    if (volume.configMap?.name) refs.configMaps.add(volume.configMap.name);
    if (volume.secret?.secretName) refs.secrets.add(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap?.name) refs.configMaps.add(source.configMap.name);
      if (source.secret?.name) refs.secrets.add(source.secret.name);
    }
  }
  return refs;
}

/** Does the pod refer to that ConfigMap (`configmaps`) or Secret (`secrets`)? */
export function podReferencesObject(
  pod: Pick<Pod, 'spec'>,
  resource: 'configmaps' | 'secrets',
  name: string,
): boolean {
  const refs = podReferences(pod);
  return (resource === 'configmaps' ? refs.configMaps : refs.secrets).has(name);
}
