/**
 * A `fetch` that trusts one more CA: Node's global fetch takes its CAs from NODE_EXTRA_CA_CERTS,
 * read once at start, so a test cannot make it trust the CA of a playground it started itself.
 * This one goes through node:https with `ca`, and answers with a standard Response whose body
 * streams (watches work). Enough of fetch for tests: method, headers, a string or bytes body, signal.
 */
import { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';

export function fetchTrusting(ca: string, defaultHeaders: Record<string, string> = {}): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = typeof input === 'string' || input instanceof URL ? new URL(input) : new URL(input.url);
    const headers: Record<string, string> = { ...defaultHeaders };
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const body =
      init.body === undefined || init.body === null
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : Buffer.from(await new Response(init.body).arrayBuffer());
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, { method: init.method ?? 'GET', headers, ca }, resolve);
      req.on('error', reject);
      const signal = init.signal;
      if (signal) {
        if (signal.aborted) req.destroy(signal.reason as Error);
        signal.addEventListener('abort', () => req.destroy(signal.reason as Error), { once: true });
      }
      req.end(body);
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
    }
    const status = res.statusCode ?? 0;
    const empty = status === 204 || status === 304 || init.method === 'HEAD';
    return new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
      status,
      statusText: res.statusMessage,
      headers: responseHeaders,
    });
  }) as typeof fetch;
}
