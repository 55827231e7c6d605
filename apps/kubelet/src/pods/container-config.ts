/**
 * What the runtime is asked to create for a container spec (kuberuntime_container.go
 * generateContainerConfig): command, args, environment (envFrom and env with the downward API
 * fields a simulated pod can know, ConfigMap and Secret keys), its volume mounts as a read-only
 * file view, ports, and resources in millicores and bytes. Throws ContainerConfigError when a
 * ConfigMap, Secret or key the environment needs is missing.
 */
import { parseQuantity, type Container, type Pod } from '@orchestra/api';
import { noConfigObjects, type ConfigObjects } from '../config/config-objects';
import { containerEnv, type SkippedEnvKeys } from '../config/container-env';
import type { ContainerConfig, ContainerResources } from '../runtime/container-runtime';
import { MountedFiles, type VolumeFiles } from '../runtime/mounted-files';
import type { PodNetworkConfig } from '../runtime/pod-network';

export interface ConfigSources {
  /** The pod's resolv.conf and route to clusterIPs (for workloads that call Services). */
  network?: PodNetworkConfig;
  /** The ConfigMaps and Secrets the pod refers to, as last read. */
  objects?: ConfigObjects;
  /** A volume's files as they are now (the kubelet keeps them up to date). */
  volume?: (name: string) => VolumeFiles | undefined;
}

export interface GeneratedConfig {
  config: ContainerConfig;
  /** envFrom keys left out for not being variable names (an event says which). */
  skippedEnvKeys: SkippedEnvKeys[];
}

export function containerConfig(
  pod: Pod,
  spec: Container,
  podIP: string,
  hostIP: string,
  sources: ConfigSources = {},
): GeneratedConfig {
  const namespace = pod.metadata.namespace ?? 'default';
  const { env, skipped } = containerEnv(
    spec,
    sources.objects ?? noConfigObjects(namespace),
    { HOSTNAME: pod.spec.hostname ?? pod.metadata.name ?? '' },
    downwardFields(pod, podIP, hostIP),
  );
  const volume = sources.volume ?? (() => undefined);
  const mounts = new MountedFiles(
    (spec.volumeMounts ?? []).map((m) => ({
      mountPath: m.mountPath,
      subPath: m.subPath,
      files: () => volume(m.name),
    })),
  );
  return {
    config: {
      podUid: pod.metadata.uid ?? '',
      podNamespace: namespace,
      podName: pod.metadata.name ?? '',
      podIP,
      nodeName: pod.spec.nodeName ?? '',
      name: spec.name,
      image: spec.image ?? '',
      command: spec.command,
      args: spec.args,
      env,
      mounts,
      ports: (spec.ports ?? []).map(({ containerPort, protocol, name }) => ({
        containerPort,
        protocol,
        name,
      })),
      resources: resources(spec),
      ...(sources.network ? { network: sources.network } : {}),
    },
    skippedEnvKeys: skipped,
  };
}

function downwardFields(pod: Pod, podIP: string, hostIP: string): Record<string, string | undefined> {
  return {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec.nodeName,
    'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.podIP': podIP,
    'status.hostIP': hostIP,
  };
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
