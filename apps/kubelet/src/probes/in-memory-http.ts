/**
 * A real HTTP/1.1 exchange without a network: node:http's client and server parsers joined by an
 * in-memory socket pair. The handler gets genuine IncomingMessage/ServerResponse objects (what
 * the kubelet's port hands the runtime), and the caller gets a parsed response. Used by httpGet
 * probes and by tests that talk to workloads.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

export interface HttpExchangeRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
}

export interface HttpExchangeResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpExchange {
  response: Promise<HttpExchangeResponse>;
  /** Gives up (a timeout): the response promise rejects and both ends are closed. */
  abort(reason: Error): void;
}

/** Like Kubernetes' prober, read at most this much of a body. */
const MAX_BODY_BYTES = 10 * 1024;

export function httpExchange(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  { method = 'GET', path, headers = {} }: HttpExchangeRequest,
): HttpExchange {
  const [clientSide, serverSide] = socketPair();
  createServer(handler).emit('connection', serverSide);
  let abort: (reason: Error) => void = () => undefined;
  const response = new Promise<HttpExchangeResponse>((resolve, reject) => {
    const req = request(
      { method, path, headers, createConnection: () => clientSide as unknown as Socket },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => {
          resolve({
            statusCode: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY_BYTES),
          });
          close();
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
    abort = (reason) => {
      reject(reason);
      req.destroy();
      close();
    };
  });
  const close = () => {
    clientSide.destroy();
    serverSide.destroy();
  };
  return { response, abort: (reason) => abort(reason) };
}

/** Two connected duplex streams: what one writes, the other reads (stream.duplexPair arrives in Node 22). */
function socketPair(): [Duplex, Duplex] {
  const make = (peer: () => Duplex) => {
    let closed = false;
    // Either end closing (or being destroyed: a reset) is the other end reading EOF.
    const hangUp = () => {
      if (closed) return;
      closed = true;
      peer().push(null);
    };
    return new Duplex({
      read() {},
      write(chunk, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        hangUp();
        callback();
      },
      destroy(error, callback) {
        hangUp();
        callback(error);
      },
    });
  };
  const a: Duplex = make(() => b);
  const b: Duplex = make(() => a);
  // The server reads these as socket fields; an in-memory peer has no address.
  for (const side of [a, b]) {
    Object.assign(side, { setTimeout: () => side, setNoDelay: () => side, setKeepAlive: () => side });
  }
  return [a, b];
}
