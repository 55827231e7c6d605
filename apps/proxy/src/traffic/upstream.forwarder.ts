/**
 * Sends one client request to one backend through its kubelet and streams the answer back:
 * method, end-to-end headers and body go up, status, headers and body come down. An error before
 * the response started is returned (the caller may try another backend); after that the client's
 * response is cut off, as a broken connection would be.
 */
import { request, type Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { UpstreamErrorReason } from '../proxy.metrics';
import type { Backend } from '../routing/service-route';
import { endToEndHeaders, upstreamHeaders } from './forwarded.headers';

export interface ForwardOptions {
  agent: Agent;
  /** Longest wait for the upstream (connect, response headers, any gap while streaming). */
  timeoutMs: number;
  /** Path and query the backend gets. */
  path: string;
  /** Send no body (the request has none): the request can then be sent again. */
  bodyless: boolean;
}

export type ForwardResult = { status: number } | { error: UpstreamErrorReason; message: string };

/** Set by the kubelet on answers that stand for a connection the pod refused (gone or not listening). */
const podUnreachableHeader = 'x-orchestra-pod-unreachable';

class UpstreamTimeoutError extends Error {
  override readonly name = 'UpstreamTimeoutError';
  readonly code = 'ETIMEDOUT';
}

export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  backend: Backend,
  options: ForwardOptions,
): Promise<ForwardResult> {
  return new Promise((resolve) => {
    let responded = false;
    const upstream = request({
      host: backend.kubelet.host,
      port: backend.kubelet.port,
      method: req.method,
      path: options.path,
      headers: upstreamHeaders(req.headers, req.socket.remoteAddress, backend),
      agent: options.agent,
      timeout: options.timeoutMs,
    });
    const clientGone = () => {
      if (!res.writableFinished) upstream.destroy();
    };
    res.once('close', clientGone);
    upstream.on('timeout', () =>
      upstream.destroy(new UpstreamTimeoutError(`no answer within ${options.timeoutMs} ms`)),
    );
    upstream.on('response', (answer) => {
      if (answer.headers[podUnreachableHeader]) {
        // The kubelet answered for a pod that refused the connection: as good as ECONNREFUSED.
        answer.resume();
        res.off('close', clientGone);
        resolve({ error: 'connection-refused', message: `pod ${backend.ip} refused the connection` });
        return;
      }
      responded = true;
      res.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
      answer.pipe(res);
      answer.on('close', () => {
        if (!answer.complete) res.destroy();
      });
      resolve({ status: answer.statusCode ?? 502 });
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      res.off('close', clientGone);
      if (responded) {
        res.destroy();
        return;
      }
      resolve({ error: reasonOf(error), message: error.message });
    });
    if (options.bodyless) upstream.end();
    else req.pipe(upstream);
  });
}

function reasonOf(error: NodeJS.ErrnoException): UpstreamErrorReason {
  if (error instanceof UpstreamTimeoutError) return 'timeout';
  if (error.code === 'ECONNREFUSED') return 'connection-refused';
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return 'connection-reset';
  return 'other';
}
