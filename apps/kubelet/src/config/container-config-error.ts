/**
 * Why a container cannot be configured (Kubernetes' kubelet: CreateContainerConfigError): a
 * ConfigMap, Secret or key its environment needs is missing. The container waits with this
 * message and is tried again; it starts once the object appears.
 */
export class ContainerConfigError extends Error {
  override name = 'ContainerConfigError';
  readonly reason = 'CreateContainerConfigError';
}

/** The kubelet's managers' NotFound: `configmap "x" not found`, `secret "x" not found`. */
export function notFound(kind: 'configmap' | 'secret', name: string): ContainerConfigError {
  return new ContainerConfigError(`${kind} "${name}" not found`);
}
