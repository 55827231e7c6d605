/**
 * The headers an upstream request carries: the client's, without hop-by-hop headers (RFC 9110
 * §7.6.1, and any named in Connection), plus X-Forwarded-For and the two headers the kubelet
 * dispatches by (`X-Orchestra-Pod-IP`, `X-Orchestra-Pod-Port`).
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

export const POD_IP_HEADER = 'x-orchestra-pod-ip';
export const POD_PORT_HEADER = 'x-orchestra-pod-port';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** A copy of `headers` without hop-by-hop headers. */
export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

export function upstreamHeaders(
  headers: IncomingHttpHeaders,
  clientAddress: string | undefined,
  pod: { ip: string; port: number },
): OutgoingHttpHeaders {
  const out = endToEndHeaders(headers);
  const prior = headers['x-forwarded-for'];
  const client = clientAddress?.replace(/^::ffff:/, '');
  if (client) out['x-forwarded-for'] = prior ? `${String(prior)}, ${client}` : client;
  out[POD_IP_HEADER] = pod.ip;
  out[POD_PORT_HEADER] = String(pod.port);
  return out;
}
