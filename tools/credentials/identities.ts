/**
 * Who gets a generated token: the admin user, each component under its Kubernetes identity
 * (kube-apiserver's well-known users, which the default RBAC roles are bound to), the scraper,
 * and one `system:node:<name>` per simulated node. `file` names the identity's token file under
 * tokens/, for APISERVER_TOKEN_FILE.
 */
export interface Identity {
  username: string;
  groups: string[];
  /** The token file of this identity alone (node identities have none: their kubelet's NODE_TOKENS_FILE holds them). */
  file?: string;
}

export const ADMIN_USER = 'orchestra-admin';

/** The users every playground has, in the token file's order. */
export const fixedIdentities: readonly Identity[] = [
  { username: ADMIN_USER, groups: ['system:masters'], file: 'admin.token' },
  { username: 'system:kube-scheduler', groups: [], file: 'scheduler.token' },
  { username: 'system:kube-controller-manager', groups: [], file: 'controller-manager.token' },
  // The proxy and the load generator (a proxy too).
  { username: 'system:kube-proxy', groups: [], file: 'proxy.token' },
  { username: 'system:kube-state-metrics', groups: [], file: 'kube-state-metrics.token' },
  { username: 'system:cloud-controller-manager', groups: [], file: 'cloud-controller-manager.token' },
  // Prometheus, scraping the apiserver's /metrics.
  { username: 'system:prometheus', groups: [], file: 'prometheus.token' },
  // The cluster DNS addon, as the coredns ServiceAccount of kube-system (bound to system:coredns).
  {
    username: 'system:serviceaccount:kube-system:coredns',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system'],
    file: 'coredns.token',
  },
];

export const NODE_USER_PREFIX = 'system:node:';
export const NODES_GROUP = 'system:nodes';

export function nodeIdentity(nodeName: string): Identity {
  return { username: `${NODE_USER_PREFIX}${nodeName}`, groups: [NODES_GROUP] };
}

/** Node names must be DNS labels or subdomains: they end up in user names and file names. */
export function checkNodeName(name: string): string {
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name))
    throw new Error(`"${name}" is not a valid node name (lower-case letters, digits, '-' and '.')`);
  return name;
}
