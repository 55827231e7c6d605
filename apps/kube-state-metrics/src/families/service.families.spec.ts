import type { Service } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { serviceMetrics } from './service.families';

const own = 'namespace="shop",service="web",uid="svc-1"';

describe('service families', () => {
  it('exports info, type and load balancer ingress', () => {
    const service: Service = {
      metadata: { name: 'web', namespace: 'shop', uid: 'svc-1', creationTimestamp: '2024-05-01T10:00:00Z' },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.10',
        externalTrafficPolicy: 'Cluster',
        ports: [{ port: 80 }],
      },
      status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } },
    };
    expect(seriesOf(serviceMetrics, service)).toEqual([
      `kube_service_info{${own},cluster_ip="10.96.0.10",external_name="",external_traffic_policy="Cluster",load_balancer_ip=""} 1`,
      `kube_service_created{${own}} 1714557600`,
      `kube_service_spec_type{${own},type="NodePort"} 1`,
      `kube_service_status_load_balancer_ingress{${own},ip="192.0.2.1",hostname=""} 1`,
    ]);
  });
});
