/**
 * LoadBalancer Services: a listener on `<ingress ip>:<service port>` for each address the cloud
 * gave a Service (status.loadBalancer.ingress), forwarding as the NodePort listeners do. Locally
 * the addresses are loopback ones (127.0.100.0/24 by default: any 127.x address is the machine's
 * own on Linux), so the proxy can bind them as a cloud load balancer would own them. An address
 * that cannot be bound is logged and tried again only once it is freed and claimed again.
 */
import type { Logger } from '@orchestra/observability';
import type { LoadBalancerRoute, RoutingTable } from '../routing/routing.table';
import { HttpListener } from './http.listener';
import type { ServiceProxy } from './service.proxy';

interface OpenAddress {
  listener?: HttpListener;
  route: LoadBalancerRoute;
  failed: boolean;
}

export class LoadBalancerListeners {
  /** `ip:port` → its listener. */
  private readonly addresses = new Map<string, OpenAddress>();
  private closed = false;

  constructor(
    private readonly table: RoutingTable,
    private readonly proxy: ServiceProxy,
    private readonly logger: Logger,
  ) {}

  /** Opens listeners for new load balancer addresses and closes those no Service has any more. */
  reconcile(): void {
    if (this.closed) return;
    const wanted = this.table.loadBalancerPorts();
    for (const [address, open] of this.addresses) {
      if (wanted.has(address)) continue;
      this.addresses.delete(address);
      void open.listener?.close();
      if (open.listener)
        this.logger.info('closed load balancer address', { address, service: open.route.service });
    }
    for (const [address, route] of wanted) {
      const open = this.addresses.get(address);
      if (open && (open.route.service === route.service || !open.failed)) {
        if (!open.failed) open.route = route;
        continue;
      }
      this.open(address, route);
    }
  }

  /** The `ip:port` addresses with a bound listener. */
  listening(): string[] {
    return [...this.addresses].filter(([, open]) => open.listener).map(([address]) => address);
  }

  async close(): Promise<void> {
    this.closed = true;
    const open = [...this.addresses.values()];
    this.addresses.clear();
    await Promise.all(open.map((o) => o.listener?.close()));
  }

  private open(address: string, route: LoadBalancerRoute): void {
    const entry: OpenAddress = { route, failed: false };
    this.addresses.set(address, entry);
    const listener = new HttpListener((req, res) => this.proxy.handleNodePort(req, res, entry.route));
    listener.listen(route.port, route.ip).then(
      () => {
        if (this.addresses.get(address) !== entry) return void listener.close();
        entry.listener = listener;
        this.logger.info('listening on load balancer address', { address, service: route.service });
      },
      (error: Error) => {
        entry.failed = true;
        this.logger.warn('cannot listen on load balancer address', {
          address,
          service: route.service,
          error,
        });
      },
    );
  }
}
