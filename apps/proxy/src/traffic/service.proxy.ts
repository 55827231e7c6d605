/**
 * The userspace proxy's request path: find the Service and port a request is for, pick a ready
 * backend round-robin, forward through that backend's kubelet, and answer the client with what
 * Kubernetes users expect when that fails (404 unknown Service, 503 no endpoints, 502 backend
 * unreachable, 504 backend too slow). Every request is counted once, when its response closes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@orchestra/observability';
import type { HttpFaults } from '../chaos/http-faults';
import type { ProxyMetrics } from '../proxy.metrics';
import type { RoundRobinBalancer } from '../routing/round-robin.balancer';
import { findServicePort, type NodePortRoute, type RoutingTable } from '../routing/routing.table';
import type { Backend } from '../routing/service-route';
import type { KubeletAgentPool } from './kubelet-agent.pool';
import { addressFromClusterIP, resolveServiceAddress, type ServiceAddress } from './service-address.resolver';
import { forwardRequest, type ForwardResult } from './upstream.forwarder';

/** Methods that may be sent again to another backend after a connection error (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export const USAGE =
  'name a Service by path (/<namespace>/<service>[:<port>]/<path>) ' +
  'or by Host header (<service>.<namespace>.svc.cluster.local, or its <clusterIP>:<port>)';

export interface ServiceProxyOptions {
  table: RoutingTable;
  balancer: RoundRobinBalancer;
  agents: KubeletAgentPool;
  metrics: ProxyMetrics;
  logger: Logger;
  timeoutMs: number;
  /** http-fault chaos experiments in force (delays and errors before forwarding). */
  faults?: HttpFaults;
  random?: () => number;
}

export class ServiceProxy {
  constructor(private readonly options: ServiceProxyOptions) {}

  /** A request on the traffic port: the Service is named by Host header or path. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const { table } = this.options;
    const address =
      addressFromClusterIP(req.headers.host, req.url ?? '/', (ip) => table.atClusterIP(ip)) ??
      resolveServiceAddress(req.headers.host, req.url ?? '/', (ns, name) => Boolean(table.get(ns, name)));
    if (!address) {
      this.count(res, '', '', () => '');
      reply(res, 404, `no Service named in this request: ${USAGE}\n`);
      return;
    }
    void this.serve(req, res, address);
  }

  /** A request on a Service's nodePort: the whole path goes to the backend. */
  handleNodePort(req: IncomingMessage, res: ServerResponse, route: NodePortRoute): void {
    const [namespace, service] = route.service.split('/');
    const address = { namespace, service, port: route.portName, portFromHost: false, path: req.url ?? '/' };
    void this.serve(req, res, address);
  }

  private async serve(req: IncomingMessage, res: ServerResponse, address: ServiceAddress): Promise<void> {
    const { namespace, service } = address;
    const route = this.options.table.get(namespace, service);
    let backend: Backend | undefined;
    this.count(res, route ? namespace : '', route ? service : '', () => backend?.pod ?? '');
    if (!route) return reply(res, 404, `service "${namespace}/${service}" not found\n`);
    this.options.metrics.serviceRouted(namespace, service);
    const fault = this.options.faults?.faultFor(namespace, service);
    if (fault) {
      if (fault.delayMs > 0) await new Promise((done) => setTimeout(done, fault.delayMs));
      if ((this.options.random ?? Math.random)() * 100 < fault.errorPercent) {
        this.options.metrics.chaosFaults.inc({ namespace, service });
        return reply(res, fault.errorCode, `chaos http-fault (experiment ${fault.experiment})\n`);
      }
    }
    const port = findServicePort(route, address.port, address.portFromHost);
    if (!port) return reply(res, 404, `service "${namespace}/${service}" has no port "${address.port}"\n`);
    const portKey = `${namespace}/${service}:${port.name}`;
    const bodyless = hasNoBody(req);
    const tried: Backend[] = [];
    let result: ForwardResult | undefined;
    // One more backend after a connection error, if sending the request again is safe.
    const attempts = bodyless && IDEMPOTENT.has(req.method ?? 'GET') ? 2 : 1;
    while (tried.length < attempts) {
      const next = this.options.balancer.next(portKey, port.backends, tried);
      if (!next) break;
      backend = next;
      tried.push(next);
      result = await forwardRequest(req, res, next, {
        agent: this.options.agents.agentFor(next.kubelet),
        timeoutMs: this.options.timeoutMs,
        path: address.path,
        bodyless,
      });
      if ('status' in result) return;
      this.options.metrics.upstreamErrors.inc({ namespace, service, reason: result.error });
      this.options.logger.debug('upstream request failed', { namespace, service, pod: next.pod, ...result });
      if (result.error === 'timeout') break;
    }
    if (!result) return reply(res, 503, `no endpoints available for service "${namespace}/${service}"\n`);
    if (!('error' in result)) return;
    if (result.error === 'timeout')
      return reply(
        res,
        504,
        `timeout: pod ${backend?.pod} of service "${namespace}/${service}" did not answer\n`,
      );
    reply(
      res,
      502,
      `error reaching pod ${backend?.pod} of service "${namespace}/${service}": ${result.message}\n`,
    );
  }

  /** Counts the request and its duration once its response is done (or cut off). */
  private count(res: ServerResponse, namespace: string, service: string, pod: () => string): void {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const code = String(res.headersSent ? res.statusCode : 0);
      this.options.metrics.requests.inc({ namespace, service, pod: pod(), code });
      if (service !== '') {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.options.metrics.requestDuration.observe({ namespace, service }, seconds);
      }
    });
  }
}

function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

function reply(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
