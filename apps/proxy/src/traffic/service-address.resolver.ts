/**
 * Which Service a request is for. Clients name it as they would in a cluster, by Host header
 * (`web.default.svc.cluster.local[:port]`, `web.default.svc`, `web.default`), or, since nothing
 * resolves those names outside a cluster, by path: `/<namespace>/<service>[:<port>]/<rest>`.
 * A simulated pod that resolved a Service's name through the cluster DNS connects to its
 * clusterIP: its request comes with the Host `<clusterIP>[:<port>]`, the address it dialled.
 */
import { isIPv4 } from 'node:net';

export interface ServiceAddress {
  namespace: string;
  service: string;
  /** Port name or number; undefined means the Service's first port. */
  port?: string;
  /** A Host header's port is usually the proxy's own: an unknown one falls back to the first port. */
  portFromHost: boolean;
  /** What the backend gets: the rest of the path, with the query string. */
  path: string;
}

const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
const HOST_FORMS = [
  new RegExp(`^(${LABEL})\\.(${LABEL})\\.svc\\.cluster\\.local\\.?$`),
  new RegExp(`^(${LABEL})\\.(${LABEL})\\.svc$`),
  new RegExp(`^(${LABEL})\\.(${LABEL})$`),
];
const PATH_FORM = new RegExp(`^/(${LABEL})/(${LABEL})(?::([a-z0-9-]+))?(/[^?]*)?(\\?.*)?$`);

/** `<service>.<namespace>…` from a Host header, or undefined when it does not name a Service. */
export function addressFromHost(host: string | undefined, url: string): ServiceAddress | undefined {
  if (!host) return undefined;
  const m = /^([^:[\]]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!m) return undefined;
  for (const form of HOST_FORMS) {
    const name = form.exec(m[1]);
    if (name)
      return { service: name[1], namespace: name[2], port: m[2], portFromHost: true, path: url || '/' };
  }
  return undefined;
}

/** `/<namespace>/<service>[:port]/<rest>`, or undefined when the path does not have that shape. */
export function addressFromPath(url: string): ServiceAddress | undefined {
  const m = PATH_FORM.exec(url);
  if (!m) return undefined;
  return {
    namespace: m[1],
    service: m[2],
    port: m[3],
    portFromHost: false,
    path: (m[4] || '/') + (m[5] ?? ''),
  };
}

/**
 * `<clusterIP>[:<port>]` from a Host header: the Service at that virtual IP, on exactly that
 * service port (80 when none, as HTTP), as kube-proxy matches a packet's destination.
 */
export function addressFromClusterIP(
  host: string | undefined,
  url: string,
  serviceAt: (clusterIP: string) => { namespace: string; name: string } | undefined,
): ServiceAddress | undefined {
  const m = /^([\d.]+)(?::(\d+))?$/.exec((host ?? '').trim());
  if (!m || !isIPv4(m[1])) return undefined;
  const service = serviceAt(m[1]);
  if (!service) return undefined;
  return {
    namespace: service.namespace,
    service: service.name,
    port: m[2] ?? '80',
    portFromHost: false,
    path: url || '/',
  };
}

/**
 * The `.svc` Host forms always name a Service; a bare `<service>.<namespace>` Host (which could
 * be any domain name) only when that Service is known, otherwise the path decides.
 */
export function resolveServiceAddress(
  host: string | undefined,
  url: string,
  isKnown: (namespace: string, service: string) => boolean,
): ServiceAddress | undefined {
  const byHost = addressFromHost(host, url);
  const hostname = (host ?? '').split(':')[0].toLowerCase();
  const explicit = /\.svc(\.cluster\.local\.?)?$/.test(hostname);
  if (byHost && (explicit || isKnown(byHost.namespace, byHost.service))) return byHost;
  return addressFromPath(url);
}
