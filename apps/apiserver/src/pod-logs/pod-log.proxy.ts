/**
 * The pods/log subresource (`kubectl logs`): the apiserver holds no logs, so, as Kubernetes'
 * LogREST with its LocationStreamer, it finds the pod's node, asks that node's kubelet
 * (`/containerLogs/...`) and streams the answer back as text/plain. `follow=true` keeps
 * streaming, each chunk written as the kubelet sends it, until the container ends (the kubelet
 * closes) or the client goes away (the kubelet request is aborted). `limitBytes` is applied
 * here, since the kubelet does not know it. A kubelet error keeps its code in a Status; a kubelet
 * that cannot be reached is 503.
 */
import { ApiError, type Node, type Pod, type ResourceCatalog, type ResourceDefinition } from '@orchestra/api';
import type { Request, Response } from 'express';
import { get, type IncomingMessage } from 'node:http';
import type { ResourceRegistry } from '../registry/resource.registry';
import { parsePodLogOptions } from './pod-log-options';
import { assertHasLogs, kubeletLogUrl, logContainer } from './pod-log.location';

/** Until the kubelet answers; a followed stream may then stay silent for as long as it likes. */
const KUBELET_ANSWER_TIMEOUT_MS = 10_000;
/** How much of a kubelet's error body becomes the Status message. */
const ERROR_BODY_LIMIT = 4_096;

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export class PodLogProxy {
  private readonly pods: ResourceDefinition;
  private readonly nodes: ResourceDefinition;

  constructor(
    private readonly registry: ResourceRegistry,
    catalog: ResourceCatalog,
  ) {
    this.pods = catalog.find('', 'v1', 'pods')!;
    this.nodes = catalog.find('', 'v1', 'nodes')!;
  }

  async serve(namespace: string, name: string, query: URLSearchParams, req: Request, res: Response) {
    const options = parsePodLogOptions(query, name);
    const pod = (await this.registry.get(this.pods, namespace, name)) as Pod;
    const container = logContainer(pod, options.container);
    assertHasLogs(pod, container, options.previous);
    const node = (await this.registry.get(this.nodes, undefined, pod.spec.nodeName!)) as Node;
    const url = kubeletLogUrl(node, pod, container, options);
    await relay(url, options.follow, options.limitBytes, req, res);
  }
}

/** Resolves once the answer is complete or the client is gone; rejects (nothing sent yet) on errors. */
function relay(url: URL, follow: boolean, limitBytes: number | undefined, req: Request, res: Response) {
  return new Promise<void>((resolve, reject) => {
    const upstream = get(url, { timeout: KUBELET_ANSWER_TIMEOUT_MS }, (kubelet) => {
      upstream.setTimeout(0);
      if (kubelet.statusCode !== 200) return void kubeletError(kubelet).then(reject, reject);
      res.status(200).setHeader('Content-Type', 'text/plain; charset=utf-8');
      if (follow) {
        // Lines must reach `kubectl logs -f` as they are written, not when a buffer fills.
        res.flushHeaders();
        res.socket?.setNoDelay(true);
      }
      let left = limitBytes ?? Infinity;
      kubelet.on('data', (chunk: Buffer) => {
        if (chunk.length >= left) {
          res.end(chunk.subarray(0, left));
          upstream.destroy();
          return;
        }
        left -= chunk.length;
        res.write(chunk);
      });
      kubelet.on('end', () => res.end());
      kubelet.on('error', () => res.end());
    });
    upstream.on('timeout', () =>
      upstream.destroy(new Error(`timed out after ${KUBELET_ANSWER_TIMEOUT_MS} ms waiting for the kubelet`)),
    );
    upstream.on('error', (error) => {
      if (res.headersSent) return void res.end();
      reject(new ApiError(503, 'ServiceUnavailable', `Get "${url.href}": ${error.message}`));
    });
    // The client went away (kubectl logs -f interrupted) or the answer is complete.
    res.on('close', () => {
      upstream.destroy();
      resolve();
    });
    req.on('aborted', () => upstream.destroy());
  });
}

async function kubeletError(kubelet: IncomingMessage): Promise<ApiError> {
  let body = '';
  for await (const chunk of kubelet) {
    body += String(chunk);
    if (body.length >= ERROR_BODY_LIMIT) break;
  }
  const code = kubelet.statusCode ?? 500;
  const message = body.slice(0, ERROR_BODY_LIMIT).trim() || `the kubelet answered ${code}`;
  return new ApiError(code, REASONS[code] ?? 'Unknown', message);
}
