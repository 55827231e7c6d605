import { Service } from '@orchestra/api';
import { servicePrinter } from './service.printer';

const now = new Date('2026-01-10T12:00:00Z');

describe('servicePrinter', () => {
  it('shows a NodePort service as 80:30080/TCP', () => {
    const svc: Service = {
      metadata: { name: 'web', creationTimestamp: '2026-01-10T11:59:15Z' },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.12.34',
        clusterIPs: ['10.96.12.34'],
        selector: { tier: 'front', app: 'web' },
        ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
      },
    };
    expect(servicePrinter.print(svc, now).cells).toEqual([
      'web',
      'NodePort',
      '10.96.12.34',
      '<none>',
      '80:30080/TCP',
      '45s',
      'app=web,tier=front',
    ]);
  });

  it('defaults type and protocol, and waits for a load balancer', () => {
    const svc: Service = {
      metadata: { name: 'lb' },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.9',
        ports: [{ port: 443 }, { port: 53, protocol: 'UDP' }],
      },
    };
    const [, type, , external, ports, , selector] = servicePrinter.print(svc, now).cells;
    expect([type, external, ports, selector]).toEqual([
      'LoadBalancer',
      '<pending>',
      '443/TCP,53/UDP',
      '<none>',
    ]);
    const plain: Service = { metadata: { name: 'headless' }, spec: { clusterIP: 'None' } };
    expect(servicePrinter.print(plain, now).cells.slice(1, 5)).toEqual([
      'ClusterIP',
      'None',
      '<none>',
      '<none>',
    ]);
  });
});
