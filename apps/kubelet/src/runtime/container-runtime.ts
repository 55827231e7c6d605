/**
 * The Container Runtime Interface as the kubelet sees it (a small subset of Kubernetes' CRI
 * RuntimeService and ImageService): pull an image, create, start and stop (with a grace period)
 * a container, read its status. Orchestra's implementation is simulated; the kubelet's pod
 * workers only ever talk to this interface.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MountedFiles } from './mounted-files';
import type { PodNetworkConfig } from './pod-network';

export interface ContainerResources {
  /** Requested and limited CPU in millicores; memory in bytes (undefined: no limit). */
  cpuRequestMilli?: number;
  cpuLimitMilli?: number;
  memoryRequestBytes?: number;
  memoryLimitBytes?: number;
}

export interface ContainerConfig {
  podUid: string;
  podNamespace: string;
  podName: string;
  podIP: string;
  nodeName: string;
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  /** The container's volume mounts, read-only (absent: none). */
  mounts?: MountedFiles;
  ports: { containerPort: number; protocol?: string; name?: string }[];
  resources: ContainerResources;
  /** The pod's resolv.conf and route to clusterIPs (for workloads that call Services). */
  network?: PodNetworkConfig;
}

export type RuntimeContainerState =
  | { kind: 'created'; createdAt: number }
  | { kind: 'running'; startedAt: number }
  /** reason: Completed (exit 0), Error, OOMKilled; signal when stopped by one. */
  | {
      kind: 'exited';
      exitCode: number;
      reason: 'Completed' | 'Error' | 'OOMKilled';
      startedAt: number;
      finishedAt: number;
      message?: string;
    };

export interface RuntimeContainerStatus {
  id: string;
  name: string;
  image: string;
  /** `docker.io/library/nginx@sha256:...` style reference of the pulled image. */
  imageRef: string;
  state: RuntimeContainerState;
}

/** Chaos cpu-stress / memory-stress: load a container carries on top of its own until `untilMs`. */
export interface ContainerStress {
  cpuMilli: number;
  memoryBytes: number;
  untilMs: number;
}

export interface ContainerUsage {
  /** Cumulative CPU time (container_cpu_usage_seconds_total). */
  cpuSecondsTotal: number;
  /** Current CPU use in millicores. */
  cpuMilli: number;
  /** container_memory_working_set_bytes. */
  memoryWorkingSetBytes: number;
}

export interface LogQuery {
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
}

/**
 * Why a pull failed, with the reason the kubelet reports: ErrImagePull (retried with back-off,
 * ImagePullBackOff) or InvalidImageName (the reference does not parse; never retried).
 */
export class ImagePullError extends Error {
  override name = 'ImagePullError';

  constructor(
    message: string,
    readonly reason: 'ErrImagePull' | 'InvalidImageName' = 'ErrImagePull',
  ) {
    super(message);
  }
}

export interface FollowLogsOptions {
  /** Prefix each line with its RFC3339Nano time (kubectl logs -f --timestamps). */
  timestamps?: boolean;
  /** Called once when the container exits or is removed: the stream is over (kubectl logs -f returns). */
  onEnd?: () => void;
}

export interface ContainerRuntime {
  /** Resolves once the image is present (after a simulated delay the first time); rejects with ImagePullError. */
  pullImage(image: string): Promise<{ imageRef: string }>;
  /** The image if present on the node (CRI ImageStatus), for imagePullPolicy IfNotPresent and Never. */
  imageStatus(image: string): { imageRef: string } | undefined;
  createContainer(config: ContainerConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM, then SIGKILL after the grace period, as a real runtime; resolves when the container exited. */
  stopContainer(id: string, gracePeriodMs: number): Promise<void>;
  /** SIGKILL now, with no SIGTERM first (a crash, the OOM killer, a chaos kill); resolves once exited. */
  killContainer(id: string, message: string): Promise<void>;
  removeContainer(id: string): Promise<void>;
  containerStatus(id: string): RuntimeContainerStatus | undefined;
  /** Called whenever a container exits on its own (crash, completion, OOM kill). */
  onExit(listener: (id: string, status: RuntimeContainerStatus) => void): void;

  /** An HTTP request for the container (workload traffic and httpGet probes); 503 if it does not serve HTTP. */
  serveHttp(id: string, port: number, req: IncomingMessage, res: ServerResponse): void;
  /** tcpSocket probe: does the container listen on that port? */
  tcpProbe(id: string, port: number): boolean;
  /** exec probe (simulated): exit code and output of a command in the container. */
  exec(id: string, command: string[]): { exitCode: number; output: string };

  /** The container's log lines (kubectl logs), oldest first. */
  logs(id: string, query?: LogQuery): string[];
  /** Follow new log lines until the returned function is called (kubectl logs -f). */
  followLogs(id: string, onLine: (line: string) => void, options?: FollowLogsOptions): () => void;
  usage(id: string): ContainerUsage | undefined;
  /** Sets (or, with undefined, ends) the extra load of a running container; past its memory limit it is OOM-killed. */
  stressContainer(id: string, stress: ContainerStress | undefined): void;
}
