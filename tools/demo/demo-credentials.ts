/**
 * Who the demo is and which CA it trusts: the admin of the kubeconfig `npm start` wrote
 * (<state dir>/kubeconfig), or of the one KUBECONFIG names (docker compose:
 * .orchestra/compose/kubeconfig); APISERVER_TOKEN_FILE overrides the token.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface DemoCredentials {
  /** The kubeconfig's server URL. */
  server?: string;
  token?: string;
  /** PEM of the cluster's CA (certificate-authority-data). */
  caPem?: string;
}

interface Kubeconfig {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  clusters?: { name: string; cluster: { server?: string; 'certificate-authority-data'?: string } }[];
  users?: { name: string; user: { token?: string } }[];
}

/** The current context's server, token and CA of a kubeconfig's text. */
export function kubeconfigCredentials(text: string): DemoCredentials {
  const config = (parse(text) ?? {}) as Kubeconfig;
  const context = config.contexts?.find((c) => c.name === config['current-context'])?.context;
  const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = config.users?.find((u) => u.name === context?.user)?.user;
  const caData = cluster?.['certificate-authority-data'];
  return {
    server: cluster?.server,
    token: user?.token,
    caPem: caData ? Buffer.from(caData, 'base64').toString('utf8') : undefined,
  };
}

export function demoCredentials(env: NodeJS.ProcessEnv, defaultKubeconfig: string): DemoCredentials {
  const file = env.KUBECONFIG?.split(':')[0] || defaultKubeconfig;
  const credentials = existsSync(file) ? kubeconfigCredentials(readFileSync(file, 'utf8')) : {};
  if (env.APISERVER_TOKEN_FILE) credentials.token = readFileSync(env.APISERVER_TOKEN_FILE, 'utf8').trim();
  return credentials;
}
