import type { Endpoints, Node, Service } from '@orchestra/api';
import { RoutingTable } from './routing.table';
import { buildServiceRoute } from './service-route';

const node = (name: string, port?: number): Node => ({
  metadata: { name },
  status: {
    addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
    ...(port ? { daemonEndpoints: { kubeletEndpoint: { Port: port } } } : {}),
  },
});
const nodes = new Map([
  ['node-1', node('node-1', 10250)],
  ['node-2', node('node-2')],
]);

const service: Service = {
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    ports: [
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'admin', port: 9000, nodePort: 30001 },
    ],
  },
};

describe(buildServiceRoute.name, () => {
  it("keeps the Service's clusterIPs (none for a headless Service), which the routing table indexes", () => {
    const withIP: Service = {
      ...service,
      spec: { ...service.spec, clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'] },
    };
    const route = buildServiceRoute(withIP, undefined, (n) => nodes.get(n)).route!;
    expect(route.clusterIPs).toEqual(['10.96.0.5']);
    const headless: Service = { ...service, spec: { ...service.spec, clusterIP: 'None' } };
    expect(buildServiceRoute(headless, undefined, (n) => nodes.get(n)).route!.clusterIPs).toEqual([]);
    const table = new RoutingTable();
    table.set('default/web', route);
    expect(table.atClusterIP('10.96.0.5')?.name).toBe('web');
    // A new clusterIP (the Service recreated) replaces the old one in the index; deletion removes it.
    table.set('default/web', { ...route, clusterIPs: ['10.96.0.6'] });
    expect(table.atClusterIP('10.96.0.5')).toBeUndefined();
    expect(table.atClusterIP('10.96.0.6')?.name).toBe('web');
    table.set('default/web', undefined);
    expect(table.atClusterIP('10.96.0.6')).toBeUndefined();
  });

  it('routes each service port to the ready addresses of the matching endpoint port', () => {
    const endpoints: Endpoints = {
      metadata: { name: 'web', namespace: 'default' },
      subsets: [
        {
          addresses: [{ ip: '10.244.1.1', nodeName: 'node-1', targetRef: { name: 'web-a' } }],
          notReadyAddresses: [{ ip: '10.244.1.2', nodeName: 'node-1' }],
          ports: [
            { name: 'http', port: 8080 },
            { name: 'admin', port: 9090 },
          ],
        },
      ],
    };
    const { route, skipped } = buildServiceRoute(service, endpoints, (n) => nodes.get(n));
    expect(route?.ports).toEqual([
      {
        name: 'http',
        port: 80,
        nodePort: undefined,
        backends: [
          {
            ip: '10.244.1.1',
            port: 8080,
            nodeName: 'node-1',
            pod: 'web-a',
            kubelet: { host: '10.0.0.1', port: 10250, key: '10.0.0.1:10250' },
          },
        ],
      },
      expect.objectContaining({
        name: 'admin',
        nodePort: 30001,
        backends: [expect.objectContaining({ port: 9090 })],
      }),
    ]);
    expect(skipped).toEqual({ 'node-unknown': 0, 'no-kubelet-endpoint': 0 });
  });

  it('skips and counts addresses whose Node is unknown or has no kubelet endpoint', () => {
    const endpoints: Endpoints = {
      metadata: { name: 'web', namespace: 'default' },
      subsets: [
        {
          addresses: [
            { ip: '10.244.9.1', nodeName: 'node-9' },
            { ip: '10.244.2.1', nodeName: 'node-2' },
            { ip: '10.244.0.1' },
          ],
          ports: [{ name: 'http', port: 8080 }],
        },
      ],
    };
    const built = buildServiceRoute(service, endpoints, (n) => nodes.get(n));
    expect(built.route?.ports[0].backends).toEqual([]);
    expect(built.skipped).toEqual({ 'node-unknown': 2, 'no-kubelet-endpoint': 1 });
    expect([...built.nodeNames]).toEqual(['node-9', 'node-2']);
  });

  it('has no route for an ExternalName Service, and no backends without Endpoints', () => {
    const external = { ...service, spec: { type: 'ExternalName' as const, externalName: 'example.com' } };
    expect(buildServiceRoute(external, undefined, () => undefined).route).toBeUndefined();
    expect(
      buildServiceRoute(service, undefined, () => undefined).route?.ports.map((p) => p.backends),
    ).toEqual([[], []]);
  });
});
