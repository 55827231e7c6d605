/**
 * The HPA controller's API port with the typed client: the scale subresource of whatever kind
 * the scaleTargetRef names (looked up by group and kind, as Kubernetes' RESTMapper does), and
 * metrics.k8s.io PodMetrics, each pod's usage summed over its containers.
 */
import {
  ApiError,
  builtinResources,
  CrossVersionObjectReference,
  HorizontalPodAutoscaler,
  parseQuantity,
  ResourceDefinition,
  Scale,
} from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { HorizontalPodAutoscalerApi } from '../horizontal-pod-autoscaler/horizontal-pod-autoscaler-api.port';
import { PodMetricsInfo } from '../horizontal-pod-autoscaler/replica-calculator';

const definition = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

interface PodMetricsList {
  items: {
    metadata: { name?: string };
    timestamp?: string;
    window?: string;
    containers?: { name: string; usage: Record<string, string> }[];
  }[];
}

export class HorizontalPodAutoscalerApiAdapter implements HorizontalPodAutoscalerApi {
  private readonly hpas: ResourceClient<HorizontalPodAutoscaler>;

  constructor(private readonly client: ApiClient) {
    this.hpas = client.resource<HorizontalPodAutoscaler>(definition('HorizontalPodAutoscaler'));
  }

  getScale(namespace: string, ref: CrossVersionObjectReference): Promise<Scale> {
    return this.client.getScale(scalableDefinition(ref), ref.name, namespace);
  }

  updateScale(namespace: string, ref: CrossVersionObjectReference, scale: Scale): Promise<Scale> {
    return this.client.updateScale(scalableDefinition(ref), {
      ...scale,
      metadata: { ...scale.metadata, name: ref.name, namespace },
    });
  }

  async podMetrics(namespace: string, selector: string, resource: string): Promise<PodMetricsInfo> {
    const list = await this.client.http.json<PodMetricsList>({
      method: 'GET',
      path: `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/pods`,
      query: { labelSelector: selector },
    });
    const metrics: PodMetricsInfo = new Map();
    for (const item of list.items ?? []) {
      let valueMilli = 0;
      for (const container of item.containers ?? []) {
        const usage = container.usage?.[resource];
        if (usage !== undefined) valueMilli += parseQuantity(usage).toMilli();
      }
      metrics.set(item.metadata.name ?? '', {
        valueMilli,
        timestamp: item.timestamp ? Date.parse(item.timestamp) : Date.now(),
        windowMs: parseDurationMs(item.window),
      });
    }
    return metrics;
  }

  updateStatus(hpa: HorizontalPodAutoscaler): Promise<HorizontalPodAutoscaler> {
    return this.hpas.updateStatus(hpa);
  }
}

/** The definition of the scale target's kind: by the group of its apiVersion and its kind. */
function scalableDefinition(ref: CrossVersionObjectReference): ResourceDefinition {
  const group = ref.apiVersion?.includes('/') ? ref.apiVersion.split('/')[0] : '';
  const def = builtinResources.find((d) => d.group === group && d.kind === ref.kind);
  if (!def || !def.subresources.includes('scale'))
    throw ApiError.badRequest(
      `no matches for kind "${ref.kind}" in group "${group}" with a scale subresource`,
    );
  return def;
}

/** A Go duration as metrics.k8s.io writes a window (`10s`, `1m0s`, `500ms`), in ms. */
function parseDurationMs(window: string | undefined): number {
  if (!window) return 0;
  let total = 0;
  for (const [, value, unit] of window.matchAll(/([\d.]+)(ms|s|m|h)/g)) {
    const n = Number(value);
    total += unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n * 3_600_000;
  }
  return total;
}
