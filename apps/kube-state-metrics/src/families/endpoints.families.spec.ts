import type { Endpoints } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { endpointsMetrics } from './endpoints.families';

const own = 'namespace="shop",endpoint="web"';

describe('endpoints families', () => {
  it('exports each address once with its readiness, and each port', () => {
    const endpoints: Endpoints = {
      metadata: { name: 'web', namespace: 'shop' },
      subsets: [
        {
          addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }],
          notReadyAddresses: [{ ip: '10.244.3.9' }],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
        { addresses: [{ ip: '10.244.1.5' }], ports: [{ name: 'metrics', port: 9090 }] },
      ],
    };
    expect(seriesOf(endpointsMetrics, endpoints)).toEqual([
      `kube_endpoint_info{${own}} 1`,
      `kube_endpoint_address{${own},ip="10.244.1.5",ready="true"} 1`,
      `kube_endpoint_address{${own},ip="10.244.2.7",ready="true"} 1`,
      `kube_endpoint_address{${own},ip="10.244.3.9",ready="false"} 1`,
      `kube_endpoint_ports{${own},port_name="http",port_protocol="TCP",port_number="8080"} 1`,
      `kube_endpoint_ports{${own},port_name="metrics",port_protocol="TCP",port_number="9090"} 1`,
    ]);
  });

  it('exports only the info of an Endpoints without subsets', () => {
    expect(seriesOf(endpointsMetrics, { metadata: { name: 'web', namespace: 'shop' } })).toEqual([
      `kube_endpoint_info{${own}} 1`,
    ]);
  });
});
