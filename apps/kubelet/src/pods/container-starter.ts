/**
 * Starts one container of a pod (kuberuntime_container.go startContainer): pull its image
 * unless the policy says it is present, create, start, with the events the kubelet records at
 * each step. A missing ConfigMap, Secret or key of its environment keeps it in
 * CreateContainerConfigError until the object appears. A failed pull puts the container in ErrImagePull, then ImagePullBackOff until its
 * back-off runs out. Returns when the pod worker should look again (a back-off ending).
 * Each runtime step is a span under the pod's sync.
 */
import type { Container, Pod } from '@orchestra/api';
import type { Attributes } from '@opentelemetry/api';
import { inChildSpan } from '@orchestra/observability';
import { ContainerConfigError } from '../config/container-config-error';
import { skippedKeysMessage } from '../config/container-env';
import { ImagePullError, type ContainerConfig } from '../runtime/container-runtime';
import type { ContainerBackoff } from './container-backoff';
import { containerConfig } from './container-config';
import type { NodeContext } from './node-context';
import { podNetworkConfig } from './pod-dns';
import type { ContainerRecord, PodRecord } from './pod-record';

export interface StartOutcome {
  /** Look at the pod again after this long (a back-off to wait out). */
  retryAfterMs?: number;
}

/** How soon to show ImagePullBackOff after ErrImagePull, as the kubelet's next sync does. */
const SHOW_PULL_BACKOFF_MS = 1_000;

export class ContainerStarter {
  constructor(
    private readonly pullBackoff: ContainerBackoff,
    private readonly timeScale: number,
    private readonly now: () => number = Date.now,
    private readonly configRefreshMs = Infinity,
  ) {}

  async start(
    node: NodeContext,
    pod: Pod,
    record: PodRecord,
    spec: Container,
    container: ContainerRecord,
  ): Promise<StartOutcome> {
    const image = spec.image ?? '';
    const attributes = containerAttributes(node, pod, spec);
    const pulled = await this.ensureImage(node, pod, record, image, spec.imagePullPolicy, container);
    if (!('imageRef' in pulled)) return pulled;
    container.imageRef = pulled.imageRef;
    const network = node.clusterNetwork && podNetworkConfig(pod, node.clusterNetwork);
    let config: ContainerConfig;
    try {
      const generated = containerConfig(pod, spec, record.podIP, node.address, {
        objects: record.config,
        volume: (name) => record.volumes?.get(name),
        network,
      });
      config = generated.config;
      for (const skipped of generated.skippedEnvKeys)
        void node.events.warning(pod, 'InvalidEnvironmentVariableNames', skippedKeysMessage(skipped));
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      // The message names the object or key, never a value.
      container.waiting = { reason: error.reason, message: error.message };
      void node.events.warning(pod, 'Failed', `Error: ${error.message}`);
      return { retryAfterMs: this.configRetryMs() };
    }
    let id: string;
    try {
      id = await inChildSpan('create container', attributes, async (span) => {
        const created = await node.runtime.createContainer(config);
        span.setAttribute('container.id', created);
        return created;
      });
    } catch (error) {
      return this.failed(node, pod, container, 'CreateContainerError', error);
    }
    container.id = id;
    container.attempts++;
    void node.events.normal(pod, 'Created', `Created container ${spec.name}`);
    try {
      await inChildSpan('start container', { ...attributes, 'container.id': id }, () =>
        node.runtime.startContainer(id),
      );
    } catch (error) {
      return this.failed(node, pod, container, 'RunContainerError', error);
    }
    container.waiting = undefined;
    void node.events.normal(pod, 'Started', `Started container ${spec.name}`);
    return {};
  }

  /** A missing ConfigMap or Secret is looked for again this soon (the pod worker's back-off period). */
  private configRetryMs(): number {
    return Math.min(this.pullBackoff.initialMs, this.configRefreshMs);
  }

  private async ensureImage(
    node: NodeContext,
    pod: Pod,
    record: PodRecord,
    image: string,
    policy: Container['imagePullPolicy'],
    container: ContainerRecord,
  ): Promise<{ imageRef: string } | StartOutcome> {
    const effective = policy ?? defaultPullPolicy(image);
    const present = node.runtime.imageStatus(image);
    if (present && effective !== 'Always') {
      void node.events.normal(pod, 'Pulled', `Container image "${image}" already present on machine`);
      return present;
    }
    if (effective === 'Never') {
      container.waiting = {
        reason: 'ErrImageNeverPull',
        message: `Container image "${image}" is not present with pull policy of Never`,
      };
      void node.events.warning(pod, 'ErrImageNeverPull', container.waiting.message!);
      return { retryAfterMs: this.pullBackoff.initialMs };
    }
    const backoffKey = `${record.uid}/${image}`;
    if (container.pullFailedAt !== undefined) {
      const left = this.pullBackoff.remaining(backoffKey, container.pullFailedAt);
      if (left > 0) {
        container.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
        void node.events.normal(pod, 'BackOff', `Back-off pulling image "${image}"`);
        void node.events.warning(pod, 'Failed', 'Error: ImagePullBackOff');
        return { retryAfterMs: left };
      }
    }
    void node.events.normal(pod, 'Pulling', `Pulling image "${image}"`);
    const startedAt = this.now();
    try {
      const pulled = await inChildSpan('pull image', containerAttributes(node, pod, { image }), () =>
        node.runtime.pullImage(image),
      );
      const took = `${((this.now() - startedAt) / 1000).toFixed(3)}s`;
      void node.events.normal(
        pod,
        'Pulled',
        `Successfully pulled image "${image}" in ${took} (${took} including waiting)`,
      );
      container.pullFailedAt = undefined;
      node.images.add(pulled.imageRef);
      return pulled;
    } catch (error) {
      if (!(error instanceof ImagePullError)) throw error;
      container.pullFailedAt = this.now();
      container.waiting = { reason: error.reason, message: error.message };
      void node.events.warning(pod, 'Failed', `Failed to pull image "${image}": ${error.message}`);
      void node.events.warning(pod, 'Failed', `Error: ${error.reason}`);
      // An image name that does not parse never will: no back-off, just the next sync.
      if (error.reason === 'InvalidImageName') return { retryAfterMs: this.pullBackoff.maxMs };
      const delay = this.pullBackoff.next(backoffKey, container.pullFailedAt);
      return { retryAfterMs: Math.min(delay, SHOW_PULL_BACKOFF_MS / this.timeScale) };
    }
  }

  private failed(
    node: NodeContext,
    pod: Pod,
    container: ContainerRecord,
    reason: 'CreateContainerError' | 'RunContainerError',
    error: unknown,
  ): StartOutcome {
    const message = (error as Error)?.message ?? String(error);
    container.waiting = { reason, message };
    void node.events.warning(pod, 'Failed', `Error: ${message}`);
    return { retryAfterMs: this.pullBackoff.initialMs };
  }
}

/** OpenTelemetry's k8s and container attributes of a container's runtime steps. */
function containerAttributes(
  node: NodeContext,
  pod: Pod,
  spec: Pick<Container, 'image'> & { name?: string },
): Attributes {
  return {
    'k8s.namespace.name': pod.metadata.namespace ?? 'default',
    'k8s.pod.name': pod.metadata.name ?? '',
    'k8s.node.name': node.name,
    ...(spec.name ? { 'k8s.container.name': spec.name } : {}),
    'container.image.name': spec.image ?? '',
  };
}

/** `:latest` (or no tag) is pulled every time; anything else only when absent (API defaulting). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}
