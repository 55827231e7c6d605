/**
 * The launcher's own GETs to the apiserver (readiness, the node list). Node's global fetch
 * cannot be given a CA (NODE_EXTRA_CA_CERTS is read at process start, before the launcher made
 * its CA), so this uses node:https with `ca`, and the admin's bearer token when given.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ApiserverRequestOptions {
  /** PEM of the CA to trust, for an https URL. */
  ca?: string;
  token?: string;
  timeoutMs?: number;
}

export interface ApiserverResponse {
  status: number;
  body: string;
}

/** GET `url`; rejects on a connection error or after `timeoutMs` (5 s). */
export function apiserverGet(url: string, options: ApiserverRequestOptions = {}): Promise<ApiserverResponse> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: {
          accept: 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(options.ca ? { ca: options.ca } : {}),
        timeout: options.timeoutMs ?? 5_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`GET ${url}: no answer within ${options.timeoutMs ?? 5_000} ms`)),
    );
    req.on('error', reject);
    req.end();
  });
}
