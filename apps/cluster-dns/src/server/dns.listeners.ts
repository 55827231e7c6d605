/**
 * DNS over UDP and TCP on one port (RFC 1035 §4.2, RFC 7766): a datagram is one message; on TCP
 * each message is preceded by its length in two bytes, and a connection may carry several
 * queries. Both hand the bytes to the query handler and send back what it returns.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@orchestra/observability';
import type { DnsQueryHandler, QueryOrigin } from './dns-query.handler';

/** A TCP client idle this long is disconnected (CoreDNS' default read timeout is 2 s; a little more). */
const TCP_IDLE_MS = 10_000;

export class DnsListeners {
  private udp?: UdpSocket;
  private tcp?: Server;
  private readonly connections = new Set<Socket>();

  constructor(
    private readonly handler: DnsQueryHandler,
    private readonly logger: Logger,
  ) {}

  /** Binds UDP and TCP on `host:port`; with port 0, TCP takes the port UDP was given. */
  async listen(port: number, host: string): Promise<{ address: string; port: number }> {
    const udp = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
    udp.on('message', (message, remote) => {
      const origin: QueryOrigin = {
        proto: 'udp',
        family: remote.family === 'IPv6' ? 'IPv6' : 'IPv4',
        remote: `${remote.address}:${remote.port}`,
      };
      const response = this.answer(message, origin);
      if (response) udp.send(response, remote.port, remote.address);
    });
    udp.on('error', (error) => this.logger.error('DNS UDP socket error', { error }));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    this.udp = udp;
    const bound = udp.address();
    const tcp = createServer((socket) => this.serveTcp(socket));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(bound.port, host, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
    this.tcp = tcp;
    return { address: bound.address, port: bound.port };
  }

  listening(): boolean {
    return this.udp !== undefined && this.tcp?.listening === true;
  }

  async close(): Promise<void> {
    const udp = this.udp;
    this.udp = undefined;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    const tcp = this.tcp;
    this.tcp = undefined;
    for (const socket of this.connections) socket.destroy();
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }

  private serveTcp(socket: Socket): void {
    this.connections.add(socket);
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    const origin: QueryOrigin = {
      proto: 'tcp',
      family: socket.remoteFamily === 'IPv6' ? 'IPv6' : 'IPv4',
      remote: `${socket.remoteAddress}:${socket.remotePort}`,
    };
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      // Every complete length-prefixed message in what has arrived so far.
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const response = this.answer(message, origin);
        if (!response) {
          socket.destroy();
          return;
        }
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(response.length);
        socket.write(Buffer.concat([prefix, response]));
      }
    });
  }

  /** A handler failure must not take the listener down: the client gets no answer and retries. */
  private answer(message: Buffer, origin: QueryOrigin): Buffer | undefined {
    try {
      return this.handler.handle(message, origin);
    } catch (error) {
      this.logger.error('answering a DNS query failed', { error, remote: origin.remote });
      return undefined;
    }
  }
}
