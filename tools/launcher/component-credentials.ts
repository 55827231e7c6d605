/**
 * What each component the launcher runs gets to reach the apiserver over TLS as itself: the
 * apiserver its certificate, key, token file and ServiceAccount key; every other component its
 * own token (the kubelet one per node it runs) and the CA through NODE_EXTRA_CA_CERTS.
 */
import type { Credentials } from '../credentials/ensure-credentials';

/** The token file of each client component, by launcher component name (identities.ts). */
const tokenFileOf: Record<string, string | undefined> = {
  scheduler: 'scheduler',
  'controller-manager': 'controller-manager',
  'kube-state-metrics': 'kube-state-metrics',
  proxy: 'proxy',
  'cluster-dns': 'coredns',
  'cloud-controller-manager': 'cloud-controller-manager',
};

/** The kubelet's name in the credentials: one local kubelet process runs every node. */
export const LOCAL_KUBELET = 'kubelet';

export function componentCredentialsEnv(name: string, credentials: Credentials): Record<string, string> {
  // Node reads it at start: every https request of the component, its own and its libraries', trusts the CA.
  const ca = { NODE_EXTRA_CA_CERTS: credentials.caFile };
  if (name === 'apiserver')
    return {
      ...ca,
      TLS_CERT_FILE: credentials.tlsCertFile,
      TLS_PRIVATE_KEY_FILE: credentials.tlsPrivateKeyFile,
      TOKEN_AUTH_FILE: credentials.tokenAuthFile,
      SERVICE_ACCOUNT_KEY_FILE: credentials.serviceAccountKeyFile,
    };
  if (name === 'kubelet') {
    const nodeTokens = credentials.nodeTokensFiles[LOCAL_KUBELET];
    return { ...ca, ...(nodeTokens ? { NODE_TOKENS_FILE: nodeTokens } : {}) };
  }
  const stem = tokenFileOf[name];
  if (!stem) throw new Error(`no identity for component ${name}`);
  return { ...ca, APISERVER_TOKEN_FILE: credentials.tokenFiles[stem] };
}

/** The cloud's node pool slots, as apps/kubelet names them in node-pool mode (NODE_POOL_SIZE=count). */
export function localPoolNodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `pool-node-${i + 1}`);
}

/** The kubelet's node names, as apps/kubelet names them with NODE_NAME_PREFIX=node and NODES=count. */
export function localNodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `node-${i + 1}`);
}
