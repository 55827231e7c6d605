import type { Credentials } from '../credentials/ensure-credentials';
import { componentCredentialsEnv, localNodeNames } from './component-credentials';
import { components } from './launcher-config';

const credentials: Credentials = {
  caFile: '/s/pki/ca.crt',
  caPem: 'PEM',
  tlsCertFile: '/s/pki/apiserver.crt',
  tlsPrivateKeyFile: '/s/pki/apiserver.key',
  serviceAccountKeyFile: '/s/pki/service-account.key',
  tokenAuthFile: '/s/tokens/token-auth.csv',
  tokenFiles: {
    admin: '/s/tokens/admin.token',
    scheduler: '/s/tokens/scheduler.token',
    'controller-manager': '/s/tokens/controller-manager.token',
    'kube-state-metrics': '/s/tokens/kube-state-metrics.token',
    proxy: '/s/tokens/proxy.token',
    prometheus: '/s/tokens/prometheus.token',
    coredns: '/s/tokens/coredns.token',
  },
  nodeTokensFiles: { kubelet: '/s/tokens/kubelet.node-tokens.csv' },
  adminToken: 'secret',
  changes: [],
};

describe(componentCredentialsEnv.name, () => {
  it('gives the apiserver its TLS files, token file and signing key', () => {
    expect(componentCredentialsEnv('apiserver', credentials)).toEqual({
      NODE_EXTRA_CA_CERTS: '/s/pki/ca.crt',
      TLS_CERT_FILE: '/s/pki/apiserver.crt',
      TLS_PRIVATE_KEY_FILE: '/s/pki/apiserver.key',
      TOKEN_AUTH_FILE: '/s/tokens/token-auth.csv',
      SERVICE_ACCOUNT_KEY_FILE: '/s/pki/service-account.key',
    });
  });

  it('gives every other component the CA and its own token, the kubelet its nodes’ tokens', () => {
    expect(componentCredentialsEnv('scheduler', credentials)).toEqual({
      NODE_EXTRA_CA_CERTS: '/s/pki/ca.crt',
      APISERVER_TOKEN_FILE: '/s/tokens/scheduler.token',
    });
    // The cluster DNS addon runs as the coredns ServiceAccount's static token.
    expect(componentCredentialsEnv('cluster-dns', credentials)).toEqual({
      NODE_EXTRA_CA_CERTS: '/s/pki/ca.crt',
      APISERVER_TOKEN_FILE: '/s/tokens/coredns.token',
    });
    expect(componentCredentialsEnv('kubelet', credentials)).toEqual({
      NODE_EXTRA_CA_CERTS: '/s/pki/ca.crt',
      NODE_TOKENS_FILE: '/s/tokens/kubelet.node-tokens.csv',
    });
    // Every component the launcher runs has credentials; none gets the admin's.
    for (const { name } of components) {
      const env = componentCredentialsEnv(name, credentials);
      expect(Object.values(env)).not.toContain('/s/tokens/admin.token');
    }
  });

  it('names the nodes as the kubelet does with NODE_NAME_PREFIX=node', () => {
    expect(localNodeNames(3)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(localNodeNames(0)).toEqual([]);
  });
});
