/**
 * Who is asking, for the chaos audit trail. Orchestra has no authentication yet, so this is what
 * the request says of itself: kubectl's `--as` user (Impersonate-User), else the client's
 * User-Agent product (`kubectl/v1.32.0`, `curl/8.5.0`) and its address.
 */
import type { IncomingHttpHeaders } from 'node:http';

export function requesterOf(headers: IncomingHttpHeaders, remoteAddress: string | undefined): string {
  const user = headers['impersonate-user'];
  if (typeof user === 'string' && user) return user;
  const agent = (headers['user-agent'] ?? 'unknown-client').split(' ')[0];
  return remoteAddress ? `${agent}@${remoteAddress.replace(/^::ffff:/, '')}` : agent;
}
