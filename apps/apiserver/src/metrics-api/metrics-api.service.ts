/**
 * Computes metrics.k8s.io objects, as metrics-server does: the Nodes and Pods asked for (label
 * selectors applied to them, namespace for pods) come from the store, their usage from the
 * kubelets' summaries. A node or pod without usage (kubelet unreachable, pod not running yet)
 * is left out of lists, and a get of it is 404, as metrics-server answers.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  ApiError,
  parseLabelSelector,
  ResourceCatalog,
  type KubeObject,
  type Node,
  type Pod,
  type ResourceDefinition,
} from '@orchestra/api';
import { ResourceRegistry } from '../registry/resource.registry';
import { KubeletSummaryClient } from './kubelet-summary.client';
import {
  METRICS_API_VERSION,
  METRICS_GROUP,
  type KubeletSummary,
  type MetricsList,
  type NodeMetrics,
  type PodMetrics,
} from './metrics-api.types';
import { cpuQuantity, memoryQuantity } from './resource-quantities';

/** The window over which usage is averaged, as metrics-server reports it. */
export const METRICS_WINDOW = '10s';

type Summaries = Map<string, KubeletSummary | undefined>;

@Injectable()
export class MetricsApiService {
  private readonly nodesDef: ResourceDefinition;
  private readonly podsDef: ResourceDefinition;

  constructor(
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(KubeletSummaryClient) private readonly kubelets: KubeletSummaryClient,
    @Inject(ResourceCatalog) catalog: ResourceCatalog,
  ) {
    this.nodesDef = catalog.find('', 'v1', 'nodes')!;
    this.podsDef = catalog.find('', 'v1', 'pods')!;
  }

  async listNodes(labelSelector: string): Promise<MetricsList<'NodeMetricsList', NodeMetrics>> {
    const nodes = (await this.list(this.nodesDef, undefined, labelSelector)) as Node[];
    const summaries = await this.summaries(nodes);
    const items = nodes.flatMap((n) => nodeMetrics(n, summaries.get(n.metadata.name!)) ?? []);
    return { kind: 'NodeMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items };
  }

  async getNode(name: string): Promise<NodeMetrics> {
    const node = (await this.getOrNotFound(this.nodesDef, undefined, name, 'nodes')) as Node;
    const metrics = nodeMetrics(node, await this.kubelets.summary(node));
    if (!metrics) throw ApiError.notFound({ group: METRICS_GROUP, resource: 'nodes' }, name);
    return metrics;
  }

  async listPods(
    namespace: string | undefined,
    labelSelector: string,
  ): Promise<MetricsList<'PodMetricsList', PodMetrics>> {
    const pods = (await this.list(this.podsDef, namespace, labelSelector)) as Pod[];
    const summaries = await this.summariesOfPods(pods);
    const items = pods.flatMap((p) => podMetrics(p, summaries.get(p.spec.nodeName ?? '')) ?? []);
    return { kind: 'PodMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items };
  }

  async getPod(namespace: string, name: string): Promise<PodMetrics> {
    const pod = (await this.getOrNotFound(this.podsDef, namespace, name, 'pods')) as Pod;
    const summaries = await this.summariesOfPods([pod]);
    const metrics = podMetrics(pod, summaries.get(pod.spec.nodeName ?? ''));
    if (!metrics) throw ApiError.notFound({ group: METRICS_GROUP, resource: 'pods' }, name);
    return metrics;
  }

  private async list(def: ResourceDefinition, namespace: string | undefined, labelSelector: string) {
    const labels = parseLabelSelector(labelSelector);
    const predicate = labels.empty() ? undefined : (o: KubeObject) => labels.matches(o.metadata.labels);
    return (await this.registry.list(def, { namespace, predicate })).items;
  }

  /** The object, or metrics.k8s.io's own 404 (`pods.metrics.k8s.io "x" not found`). */
  private async getOrNotFound(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    resource: string,
  ) {
    try {
      return await this.registry.get(def, namespace, name);
    } catch (error) {
      if (error instanceof ApiError && error.code === 404)
        throw ApiError.notFound({ group: METRICS_GROUP, resource }, name);
      throw error;
    }
  }

  private async summaries(nodes: Node[]): Promise<Summaries> {
    const answers = await Promise.all(nodes.map((n) => this.kubelets.summary(n)));
    return new Map(nodes.map((n, i) => [n.metadata.name!, answers[i]]));
  }

  /** The summaries of the nodes these pods run on. */
  private async summariesOfPods(pods: Pod[]): Promise<Summaries> {
    const names = new Set(pods.map((p) => p.spec.nodeName).filter((n): n is string => !!n));
    if (names.size === 0) return new Map();
    const nodes = (await this.registry.list(this.nodesDef, {})).items as Node[];
    return this.summaries(nodes.filter((n) => names.has(n.metadata.name!)));
  }
}

function nodeMetrics(node: Node, summary: KubeletSummary | undefined): NodeMetrics | undefined {
  const stats = summary?.node;
  if (stats?.cpu?.usageNanoCores === undefined || stats.memory?.workingSetBytes === undefined)
    return undefined;
  return {
    kind: 'NodeMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: {
      name: node.metadata.name,
      creationTimestamp: node.metadata.creationTimestamp,
      ...(node.metadata.labels && { labels: node.metadata.labels }),
    },
    timestamp: stats.cpu.time ?? new Date().toISOString(),
    window: METRICS_WINDOW,
    usage: {
      cpu: cpuQuantity(stats.cpu.usageNanoCores),
      memory: memoryQuantity(stats.memory.workingSetBytes),
    },
  };
}

function podMetrics(pod: Pod, summary: KubeletSummary | undefined): PodMetrics | undefined {
  const { name, namespace, uid } = pod.metadata;
  const stats = summary?.pods?.find(
    (p) => p.podRef.namespace === namespace && p.podRef.name === name && (!uid || p.podRef.uid === uid),
  );
  const containers = (stats?.containers ?? []).map((c) => ({
    name: c.name,
    usage: {
      cpu: cpuQuantity(c.cpu?.usageNanoCores ?? 0),
      memory: memoryQuantity(c.memory?.workingSetBytes ?? 0),
    },
  }));
  if (containers.length === 0) return undefined;
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: {
      name,
      namespace,
      creationTimestamp: pod.metadata.creationTimestamp,
      ...(pod.metadata.labels && { labels: pod.metadata.labels }),
    },
    timestamp: stats?.containers?.[0]?.cpu?.time ?? new Date().toISOString(),
    window: METRICS_WINDOW,
    containers,
  };
}
