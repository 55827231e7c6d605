/**
 * Pod traffic through the kubelet's one port (see the README: pods have IPs but no sockets).
 * Any request with `X-Orchestra-Pod-IP` goes to that pod's container listening on
 * `X-Orchestra-Pod-Port` (or its first declared port), whatever its path, before Nest's routes
 * (so a pod may serve `/healthz` or `/metrics` of its own).
 */
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KubeletService } from '../kubelet.service';

export const POD_IP_HEADER = 'x-orchestra-pod-ip';
export const POD_PORT_HEADER = 'x-orchestra-pod-port';
/**
 * Marks an answer that stands for a connection the pod refused (it is gone, or not listening):
 * through the kubelet's shared port the proxy would otherwise see an ordinary HTTP reply, not the
 * ECONNREFUSED a real pod IP gives, and could not try another endpoint.
 */
export const POD_UNREACHABLE_HEADER = 'x-orchestra-pod-unreachable';

@Injectable()
export class PodTrafficMiddleware implements NestMiddleware {
  constructor(@Inject(KubeletService) private readonly service: KubeletService) {}

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const ip = header(req, POD_IP_HEADER);
    if (!ip) return next();
    const kubelet = this.service.kubelet;
    const found = kubelet.podByIP(ip);
    const record = found && kubelet.syncer.running.get(found.key);
    const pod = found && found.node.pods.get(found.key);
    if (!found || !record || !pod) return fail(res, 502, `no pod with IP ${ip} on this kubelet's nodes`);
    // Powered off (chaos node-down): nothing answers, as from a machine without power.
    if (found.node.poweredOff?.()) return fail(res, 502, `node ${found.node.name} is down (pod ${ip})`);
    const declared = pod.spec.containers.flatMap((c) =>
      (c.ports ?? []).map((p) => ({ c, port: p.containerPort })),
    );
    const asked = Number(header(req, POD_PORT_HEADER));
    // containerPort is informational in Kubernetes: without a header, the first declared port, else 80.
    const port = Number.isInteger(asked) && asked > 0 ? asked : (declared[0]?.port ?? 80);
    const live = pod.spec.containers
      .map((c) => ({ c, id: record.containers.get(c.name)?.id }))
      .filter((x): x is { c: (typeof pod.spec.containers)[number]; id: string } => !!x.id);
    // The container that listens on the port, else the one declaring it, else the first one.
    const target =
      live.find((x) => found.node.runtime.tcpProbe(x.id, port)) ??
      live.find((x) => declared.some((d) => d.c === x.c && d.port === port)) ??
      live[0];
    if (!target) return fail(res, 502, `pod ${found.key} (${ip}) has no container running`);
    const id = target.id;
    found.node.runtime.serveHttp(id, port, req, res);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function fail(res: ServerResponse, status: number, message: string): void {
  res
    .writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      [POD_UNREACHABLE_HEADER]: 'connection-refused',
    })
    .end(`${message}\n`);
}
