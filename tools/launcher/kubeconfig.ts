/**
 * The kubeconfig the playground writes for kubectl: one cluster, one context named `orchestra`.
 * With TLS and authentication it carries the CA (certificate-authority-data) and the admin's
 * bearer token; without them, just the server URL (tests against a plain-HTTP apiserver).
 */
import { stringify } from 'yaml';

export interface KubeconfigAuth {
  /** PEM of the CA that signed the apiserver's certificate. */
  certificateAuthorityPem?: string;
  token?: string;
  /** The user's name in the kubeconfig; `orchestra-admin` unless given. */
  user?: string;
}

export function kubeconfigFor(serverUrl: string, auth: KubeconfigAuth = {}): string {
  const user = auth.user ?? 'orchestra-admin';
  const cluster: Record<string, string> = { server: serverUrl };
  if (auth.certificateAuthorityPem)
    cluster['certificate-authority-data'] = Buffer.from(auth.certificateAuthorityPem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'orchestra',
    clusters: [{ name: 'orchestra', cluster }],
    users: [{ name: user, user: auth.token ? { token: auth.token } : {} }],
    contexts: [{ name: 'orchestra', context: { cluster: 'orchestra', user, namespace: 'default' } }],
  });
}
