import type { Service } from '@orchestra/api';
import { RoutingTable } from './routing.table';
import { buildServiceRoute } from './service-route';

const service = (type: Service['spec']['type'], ingress?: string[]): Service => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    type,
    ports: [
      { name: 'http', port: 80, nodePort: 30080 },
      { name: 'admin', port: 9000, nodePort: 30090 },
    ],
  },
  ...(ingress ? { status: { loadBalancer: { ingress: ingress.map((ip) => ({ ip })) } } } : {}),
});

describe(RoutingTable.name, () => {
  it("listens on every port of a LoadBalancer Service's ingress addresses", () => {
    const table = new RoutingTable();
    table.set(
      'default/web',
      buildServiceRoute(service('LoadBalancer', ['127.0.100.1']), undefined, () => undefined).route,
    );
    expect([...table.loadBalancerPorts()]).toEqual([
      ['127.0.100.1:80', { ip: '127.0.100.1', port: 80, service: 'default/web', portName: 'http' }],
      ['127.0.100.1:9000', { ip: '127.0.100.1', port: 9000, service: 'default/web', portName: 'admin' }],
    ]);
    expect([...table.nodePorts().keys()]).toEqual([30080, 30090]);
  });

  it('has no load balancer address while it is pending, nor for a Service that is no longer a LoadBalancer', () => {
    const table = new RoutingTable();
    table.set('default/web', buildServiceRoute(service('LoadBalancer'), undefined, () => undefined).route);
    expect(table.loadBalancerPorts().size).toBe(0);
    // A stale ingress left on a NodePort Service is not served.
    table.set(
      'default/web',
      buildServiceRoute(service('NodePort', ['127.0.100.1']), undefined, () => undefined).route,
    );
    expect(table.loadBalancerPorts().size).toBe(0);
  });
});
