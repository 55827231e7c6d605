/**
 * Name helpers of Kubernetes' DNS specification: the dashed form of an IP (`10-244-1-5`, the
 * name of a pod, and of an endpoint without a hostname) and the reverse-lookup names
 * (`5.1.244.10.in-addr.arpa`).
 */
import { isIPv4 } from 'node:net';

export const REVERSE_ZONE = 'in-addr.arpa';

/** `10.244.1.5` → `10-244-1-5`. */
export function dashedIP(ip: string): string {
  return ip.replace(/[.:]/g, '-');
}

/** `10-244-1-5` → `10.244.1.5`; undefined when the label is not a dashed IPv4 address. */
export function ipFromDashed(label: string): string | undefined {
  const ip = label.replace(/-/g, '.');
  return isIPv4(ip) ? ip : undefined;
}

/** The labels before `in-addr.arpa` (`5.1.244.10`) → `10.244.1.5`; undefined unless a full IPv4 address. */
export function ipFromReverseLabels(labels: string[]): string | undefined {
  if (labels.length !== 4) return undefined;
  const ip = [...labels].reverse().join('.');
  return isIPv4(ip) && labels.every((l) => /^\d{1,3}$/.test(l)) ? ip : undefined;
}

/** `Web.Default.SVC.cluster.local.` → `web.default.svc.cluster.local`. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/\.+$/, '');
}

/** The labels of `name` before `zone` (`web.default.svc` of `web.default.svc.cluster.local`); undefined outside it. */
export function labelsInZone(name: string, zone: string): string[] | undefined {
  if (name === zone) return [];
  if (!name.endsWith(`.${zone}`)) return undefined;
  return name.slice(0, -zone.length - 1).split('.');
}
