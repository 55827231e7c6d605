/**
 * The apiserver client every component uses (client-go's Clientset, generic over resources):
 * `client.resource<Pod>(podsDef).list(...)`, plus the pod binding and scale subresources.
 */
import { builtinResources, KubeObject, ResourceDefinition, Scale, Status } from '@orchestra/api';
import { Registry } from 'prom-client';
import { BackoffOptions } from './backoff';
import { ClientMetrics } from './client.metrics';
import { Clock } from './clock';
import { HttpTransport } from './http-transport';
import { ApiObject } from './lister';
import { RequestOptions, ResourceClient } from './resource-client';

export interface ApiClientOptions {
  /** `http://127.0.0.1:8080` */
  baseUrl: string;
  /** `kube-scheduler/v0.1.0 (linux/amd64)`: shows up in the apiserver's logs and audit. */
  userAgent: string;
  /** Where `rest_client_*` metrics go; none are exported without one. */
  registry?: Registry;
  /** Attempts after the first one for retryable failures (5 by default). */
  maxRetries?: number;
  retryBackoff?: BackoffOptions;
  /** Per request, streams excepted (30 s by default). */
  timeoutMs?: number;
  /** Requests in flight at once, streams excepted (32 by default); the rest wait their turn. */
  maxInFlight?: number;
  clock?: Clock;
  /** The network the requests go over (the global fetch by default). */
  fetch?: typeof fetch;
  /** The bearer token the client authenticates with (see readBearerToken). */
  token?: string;
}

const core = (kind: string): ResourceDefinition => builtinResources.find((d) => d.kind === kind)!;

export class ApiClient {
  readonly http: HttpTransport;

  constructor(readonly options: ApiClientOptions) {
    this.http = new HttpTransport({
      baseUrl: options.baseUrl,
      userAgent: options.userAgent,
      metrics: new ClientMetrics(options.registry),
      maxRetries: options.maxRetries,
      backoff: options.retryBackoff,
      timeoutMs: options.timeoutMs,
      maxInFlight: options.maxInFlight,
      clock: options.clock,
      fetch: options.fetch,
      token: options.token,
    });
  }

  resource<T extends ApiObject = KubeObject>(def: ResourceDefinition): ResourceClient<T> {
    return new ResourceClient<T>(this.http, def);
  }

  /** Assigns a pod to a node (POST pods/{name}/binding), as the scheduler does. */
  async bind(
    namespace: string,
    podName: string,
    nodeName: string,
    options: RequestOptions = {},
  ): Promise<void> {
    await this.http.json<Status>({
      method: 'POST',
      path: this.resource(core('Pod')).path(namespace, podName, 'binding'),
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: podName, namespace },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      },
      ...options,
    });
  }

  getScale(
    def: ResourceDefinition,
    name: string,
    namespace: string,
    options: RequestOptions = {},
  ): Promise<Scale> {
    return this.http.json<Scale>({
      method: 'GET',
      path: this.resource(def).path(namespace, name, 'scale'),
      ...options,
    });
  }

  updateScale(def: ResourceDefinition, scale: Scale, options: RequestOptions = {}): Promise<Scale> {
    const { name, namespace } = scale.metadata;
    return this.http.json<Scale>({
      method: 'PUT',
      path: this.resource(def).path(namespace, name, 'scale'),
      body: { apiVersion: 'autoscaling/v1', kind: 'Scale', ...scale },
      ...options,
    });
  }
}
