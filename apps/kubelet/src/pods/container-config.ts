/**
 * What the runtime is asked to create for a container spec (kuberuntime_container.go
 * generateContainerConfig): command, args, environment with the downward API fields a simulated
 * pod can know, ports, and resources in millicores and bytes.
 */
import { parseQuantity, type Container, type EnvVar, type Pod } from '@orchestra/api';
import type { ContainerConfig, ContainerResources } from '../runtime/container-runtime';
import type { PodNetworkConfig } from '../runtime/pod-network';

export function containerConfig(
  pod: Pod,
  spec: Container,
  podIP: string,
  hostIP: string,
  network?: PodNetworkConfig,
): ContainerConfig {
  return {
    podUid: pod.metadata.uid ?? '',
    podNamespace: pod.metadata.namespace ?? 'default',
    podName: pod.metadata.name ?? '',
    podIP,
    nodeName: pod.spec.nodeName ?? '',
    name: spec.name,
    image: spec.image ?? '',
    command: spec.command,
    args: spec.args,
    env: environment(pod, spec.env ?? [], podIP, hostIP),
    ports: (spec.ports ?? []).map(({ containerPort, protocol, name }) => ({ containerPort, protocol, name })),
    resources: resources(spec),
    ...(network ? { network } : {}),
  };
}

function environment(pod: Pod, vars: EnvVar[], podIP: string, hostIP: string): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec.nodeName,
    'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.podIP': podIP,
    'status.hostIP': hostIP,
  };
  const env: Record<string, string> = { HOSTNAME: pod.spec.hostname ?? pod.metadata.name ?? '' };
  for (const v of vars) {
    const fieldPath = v.valueFrom?.fieldRef?.fieldPath;
    // configMapKeyRef/secretKeyRef would need the kubelet to read them: TODO when volumes come.
    const value = v.value ?? (fieldPath ? fields[fieldPath] : undefined);
    // $(VAR) references to earlier variables, as Kubernetes expands them.
    if (value !== undefined) env[v.name] = value.replace(/\$\((\w+)\)/g, (m, ref: string) => env[ref] ?? m);
  }
  return env;
}

function resources(spec: Container): ContainerResources {
  const { requests = {}, limits = {} } = spec.resources ?? {};
  const milli = (q?: string) => (q === undefined ? undefined : parseQuantity(q).toMilli());
  const bytes = (q?: string) => (q === undefined ? undefined : parseQuantity(q).value());
  // A limit without a request requests the limit (API defaulting does the same).
  return {
    cpuRequestMilli: milli(requests.cpu ?? limits.cpu),
    cpuLimitMilli: milli(limits.cpu),
    memoryRequestBytes: bytes(requests.memory ?? limits.memory),
    memoryLimitBytes: bytes(limits.memory),
  };
}
