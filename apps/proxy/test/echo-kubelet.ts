/**
 * Plays a kubelet for proxy tests: a real loopback HTTP server answering every request with the
 * pod it was addressed to (`X-Orchestra-Pod-IP`/`-Port`) and what it received. `delayMs` holds
 * answers back, to test timeouts.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoAnswer {
  podIp: string;
  podPort: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export class EchoKubelet {
  delayMs = 0;
  /** Remote ports of the connections the proxy opened: keep-alive means few of them. */
  readonly connections = new Set<number>();
  /** Every request: the pod it was for and the path it asked. */
  readonly requests: { podIp: string; url: string }[] = [];
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      this.connections.add(req.socket.remotePort ?? 0);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const answer: EchoAnswer = {
          podIp: String(req.headers['x-orchestra-pod-ip']),
          podPort: String(req.headers['x-orchestra-pod-port']),
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        };
        this.requests.push({ podIp: answer.podIp, url: answer.url });
        const send = () => {
          res.writeHead(200, {
            'content-type': 'application/json',
            connection: 'keep-alive',
            'x-answered-by': 'echo',
          });
          res.end(JSON.stringify(answer));
        };
        if (this.delayMs > 0) setTimeout(send, this.delayMs);
        else send();
      });
    });
  }

  static async start(): Promise<EchoKubelet> {
    const kubelet = new EchoKubelet();
    await new Promise<void>((resolve) => kubelet.server.listen(0, '127.0.0.1', resolve));
    return kubelet;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** A loopback port nothing listens on (a kubelet that is down). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
