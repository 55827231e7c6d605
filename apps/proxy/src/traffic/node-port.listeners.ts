/**
 * NodePort Services: a listener on each nodePort of the proxy's host, opened and closed as
 * Services come and go. A nodePort that cannot be bound is logged and tried again only once it
 * is freed and claimed again, or claimed by another Service; the rest of the proxy carries on.
 */
import type { Logger } from '@orchestra/observability';
import type { NodePortRoute, RoutingTable } from '../routing/routing.table';
import { HttpListener } from './http.listener';
import type { ServiceProxy } from './service.proxy';

interface OpenPort {
  listener?: HttpListener;
  route: NodePortRoute;
  failed: boolean;
}

export class NodePortListeners {
  private readonly ports = new Map<number, OpenPort>();
  private closed = false;

  constructor(
    private readonly table: RoutingTable,
    private readonly proxy: ServiceProxy,
    private readonly host: string,
    private readonly logger: Logger,
  ) {}

  /** Opens listeners for new nodePorts and closes those no Service uses any more. */
  reconcile(): void {
    if (this.closed) return;
    const wanted = this.table.nodePorts();
    for (const [port, open] of this.ports) {
      if (wanted.has(port)) continue;
      this.ports.delete(port);
      void open.listener?.close();
      if (open.listener) this.logger.info('closed nodePort', { port, service: open.route.service });
    }
    for (const [port, route] of wanted) {
      const open = this.ports.get(port);
      const sameService = open?.route.service === route.service;
      if (open && !open.failed) open.route = route;
      if (open && (sameService || !open.failed)) continue;
      this.open(port, route);
    }
  }

  /** The nodePorts with a bound listener. */
  listening(): number[] {
    return [...this.ports].filter(([, open]) => open.listener).map(([port]) => port);
  }

  async close(): Promise<void> {
    this.closed = true;
    const open = [...this.ports.values()];
    this.ports.clear();
    await Promise.all(open.map((o) => o.listener?.close()));
  }

  private open(port: number, route: NodePortRoute): void {
    const entry: OpenPort = { route, failed: false };
    this.ports.set(port, entry);
    const listener = new HttpListener((req, res) => this.proxy.handleNodePort(req, res, entry.route));
    listener.listen(port, this.host).then(
      () => {
        if (this.ports.get(port) !== entry) return void listener.close();
        entry.listener = listener;
        this.logger.info('listening on nodePort', { port, host: this.host, service: route.service });
      },
      (error: Error) => {
        entry.failed = true;
        this.logger.warn('cannot listen on nodePort', {
          port,
          host: this.host,
          service: route.service,
          error,
        });
      },
    );
  }
}
