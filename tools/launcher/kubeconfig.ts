/** The kubeconfig the playground writes for kubectl: one cluster, one context named `orchestra`. */
import { stringify } from 'yaml';

export function kubeconfigFor(serverUrl: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'orchestra',
    clusters: [{ name: 'orchestra', cluster: { server: serverUrl } }],
    users: [{ name: 'orchestra-admin', user: {} }],
    contexts: [
      { name: 'orchestra', context: { cluster: 'orchestra', user: 'orchestra-admin', namespace: 'default' } },
    ],
  });
}
