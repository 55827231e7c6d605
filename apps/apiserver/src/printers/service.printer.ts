/** `kubectl get services`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (+ SELECTOR). */
import { Service, ServicePort } from '@orchestra/api';
import { since } from './human-duration';
import { formatLabels } from './label-format';
import { AGE_COLUMN, column, NAME_COLUMN, Printer, wide } from './printer';

// Not yet in our Service types, but part of the Kubernetes API.
type ServiceWithExternalIPs = Service & { spec: { externalIPs?: string[] } };

/** `80/TCP`, or `80:30080/TCP` when a node port is allocated. */
export const portsCell = (ports: ServicePort[] | undefined): string =>
  (ports ?? [])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}` : `${p.port}`) + `/${p.protocol ?? 'TCP'}`)
    .join(',') || '<none>';

function externalIP(svc: ServiceWithExternalIPs): string {
  const external = svc.spec.externalIPs ?? [];
  switch (svc.spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = [
        ...new Set(
          (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean),
        ),
      ].sort();
      const all = [...lb, ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
  }
}

export const servicePrinter: Printer<ServiceWithExternalIPs> = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP.'),
    column(
      'Cluster-IP',
      'string',
      'clusterIP is the IP address of the service and is usually assigned randomly.',
    ),
    column(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic.',
    ),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    wide('Selector', 'Route service traffic to pods with label keys and values matching this selector.'),
  ],
  print(svc, now) {
    return {
      cells: [
        svc.metadata.name ?? '',
        svc.spec.type ?? 'ClusterIP',
        svc.spec.clusterIPs?.[0] || svc.spec.clusterIP || '<none>',
        externalIP(svc),
        portsCell(svc.spec.ports),
        since(svc.metadata.creationTimestamp, now),
        formatLabels(svc.spec.selector),
      ],
    };
  },
};
