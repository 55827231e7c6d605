/**
 * Everything the playground authenticates with, generated into one directory and kept across
 * runs: what is there and still good is kept, what is missing, invalid or expiring within 30 days
 * is made anew. `npm start` calls it for $ORCHESTRA_STATE_DIR; docker compose runs main.ts in an
 * init container writing a volume.
 *
 *   <dir>/pki/ca.crt, ca.key                  the playground's CA
 *   <dir>/pki/apiserver.crt, apiserver.key    TLS_CERT_FILE, TLS_PRIVATE_KEY_FILE
 *   <dir>/pki/service-account.key             SERVICE_ACCOUNT_KEY_FILE
 *   <dir>/tokens/token-auth.csv               TOKEN_AUTH_FILE (every identity's token)
 *   <dir>/tokens/<component>.token            APISERVER_TOKEN_FILE of each component (identities.ts)
 *   <dir>/tokens/<kubelet>.node-tokens.csv    NODE_TOKENS_FILE of each kubelet
 *   the admin kubeconfig, where asked for
 */
import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { kubeconfigFor } from '../launcher/kubeconfig';
import {
  CertificateAuthority,
  certificateAuthorityProblem,
  createCertificateAuthority,
} from './certificate-authority';
import { Owner, PUBLIC_MODE, readIfExists, SECRET_MODE, writeCredential } from './credential-file';
import { ADMIN_USER, checkNodeName, fixedIdentities, Identity, nodeIdentity } from './identities';
import { createServiceAccountKey, serviceAccountKeyProblem } from './service-account-key';
import {
  apiserverNames,
  issueServingCertificate,
  ServingCertificate,
  servingCertificateProblem,
} from './serving-certificate';
import { formatTokenFile, mergeTokenEntries, nodeTokensFile, tokenOf } from './token-files';

export const RENEW_WITHIN_DAYS = 30;

export interface KubeconfigTarget {
  path: string;
  /** The apiserver's URL as the kubeconfig's user reaches it, e.g. https://localhost:8080. */
  serverUrl: string;
  /**
   * The file's owner, or `{ of: dir }` for the owner of an existing directory above it (a host
   * checkout bind-mounted into a container: the user's, not root's); directories made on the
   * way to the file get it too.
   */
  owner?: Owner | { of: string };
}

export interface CredentialsOptions {
  dir: string;
  /** Nodes that get a `system:node:<name>` token; the kubelets' nodes are added to them. */
  nodes?: readonly string[];
  /** Kubelet → the nodes it runs: each gets a NODE_TOKENS_FILE with their tokens. */
  kubelets?: Readonly<Record<string, readonly string[]>>;
  /** DNS names and IP addresses for the serving certificate besides the defaults (serving-certificate.ts). */
  extraNames?: readonly string[];
  kubeconfigs?: readonly KubeconfigTarget[];
  /**
   * Owner of the files the components read (an init container running as root writes for the
   * components' user). The CA's key and the admin's token stay the generator's: no component needs them.
   */
  owner?: Owner;
  /** Owner of the scraper's token and only that (Prometheus' image runs as another user). */
  prometheusOwner?: Owner;
  now?: Date;
}

export interface Credentials {
  caFile: string;
  caPem: string;
  tlsCertFile: string;
  tlsPrivateKeyFile: string;
  serviceAccountKeyFile: string;
  tokenAuthFile: string;
  /** APISERVER_TOKEN_FILE by identity file stem: admin, scheduler, controller-manager, proxy, kube-state-metrics, prometheus, coredns. */
  tokenFiles: Record<string, string>;
  /** NODE_TOKENS_FILE by kubelet. */
  nodeTokensFiles: Record<string, string>;
  adminToken: string;
  /** What was made anew this time (empty when everything was kept), for the log. */
  changes: string[];
}

export async function ensureCredentials(options: CredentialsOptions): Promise<Credentials> {
  const now = options.now ?? new Date();
  const pki = join(options.dir, 'pki');
  const tokens = join(options.dir, 'tokens');
  for (const dir of [options.dir, pki, tokens]) mkdirSync(dir, { recursive: true, mode: 0o755 });
  const changes: string[] = [];
  const owner = options.owner;
  const file = (dir: string, name: string) => join(dir, name);

  // The CA; a new one invalidates the serving certificate it signed.
  const caFile = file(pki, 'ca.crt');
  const caKeyFile = file(pki, 'ca.key');
  let ca: CertificateAuthority = {
    certificatePem: readIfExists(caFile) ?? '',
    privateKeyPem: readIfExists(caKeyFile) ?? '',
  };
  const caProblem = ca.certificatePem ? certificateAuthorityProblem(ca, now, RENEW_WITHIN_DAYS) : 'missing';
  if (caProblem) {
    ca = await createCertificateAuthority(now);
    changes.push(`CA (${caProblem})`);
  }
  writeCredential(caKeyFile, ca.privateKeyPem, SECRET_MODE);
  writeCredential(caFile, ca.certificatePem, PUBLIC_MODE, owner);

  const tlsCertFile = file(pki, 'apiserver.crt');
  const tlsPrivateKeyFile = file(pki, 'apiserver.key');
  const names = apiserverNames(options.extraNames);
  let serving: ServingCertificate = {
    certificatePem: readIfExists(tlsCertFile) ?? '',
    privateKeyPem: readIfExists(tlsPrivateKeyFile) ?? '',
  };
  const servingProblem = serving.certificatePem
    ? servingCertificateProblem(serving, ca, names, now, RENEW_WITHIN_DAYS)
    : 'missing';
  if (servingProblem) {
    serving = await issueServingCertificate(ca, names, now);
    changes.push(`apiserver serving certificate (${servingProblem})`);
  }
  writeCredential(tlsPrivateKeyFile, serving.privateKeyPem, SECRET_MODE, owner);
  writeCredential(tlsCertFile, serving.certificatePem, PUBLIC_MODE, owner);

  const serviceAccountKeyFile = file(pki, 'service-account.key');
  let serviceAccountKey = readIfExists(serviceAccountKeyFile) ?? '';
  const keyProblem = serviceAccountKey ? serviceAccountKeyProblem(serviceAccountKey) : 'missing';
  if (keyProblem) {
    serviceAccountKey = await createServiceAccountKey();
    changes.push(`ServiceAccount signing key (${keyProblem})`);
  }
  writeCredential(serviceAccountKeyFile, serviceAccountKey, SECRET_MODE, owner);

  // Tokens: the existing ones kept, the missing ones added.
  const kubelets = Object.entries(options.kubelets ?? {}).map(
    ([kubelet, nodes]) => [checkKubeletName(kubelet), nodes.map(checkNodeName)] as const,
  );
  const nodeNames = [
    ...new Set([...(options.nodes ?? []).map(checkNodeName), ...kubelets.flatMap(([, n]) => n)]),
  ];
  const wanted: Identity[] = [...fixedIdentities, ...nodeNames.map(nodeIdentity)];
  const tokenAuthFile = file(tokens, 'token-auth.csv');
  const { entries, added } = mergeTokenEntries(readIfExists(tokenAuthFile), wanted, tokenAuthFile);
  if (added.length) changes.push(`tokens for ${added.join(', ')}`);
  writeCredential(tokenAuthFile, formatTokenFile(entries), SECRET_MODE, owner);

  const tokenFiles: Record<string, string> = {};
  for (const identity of fixedIdentities) {
    const stem = identity.file!.replace(/\.token$/, '');
    tokenFiles[stem] = file(tokens, identity.file!);
    const fileOwner =
      stem === 'prometheus' ? (options.prometheusOwner ?? owner) : stem === 'admin' ? undefined : owner;
    writeCredential(tokenFiles[stem], tokenOf(entries, identity.username) + '\n', SECRET_MODE, fileOwner);
  }
  const nodeTokensFiles: Record<string, string> = {};
  for (const [kubelet, nodes] of kubelets) {
    nodeTokensFiles[kubelet] = file(tokens, `${kubelet}.node-tokens.csv`);
    const users = nodes.map((n) => nodeIdentity(n).username);
    writeCredential(nodeTokensFiles[kubelet], nodeTokensFile(entries, users), SECRET_MODE, owner);
  }

  const adminToken = tokenOf(entries, ADMIN_USER);
  for (const target of options.kubeconfigs ?? []) {
    const fileOwner = ownerOf(target);
    makeDirectories(dirname(target.path), fileOwner);
    const text = kubeconfigFor(target.serverUrl, {
      certificateAuthorityPem: ca.certificatePem,
      token: adminToken,
    });
    writeCredential(target.path, text, SECRET_MODE, fileOwner);
  }

  return {
    caFile,
    caPem: ca.certificatePem,
    tlsCertFile,
    tlsPrivateKeyFile,
    serviceAccountKeyFile,
    tokenAuthFile,
    tokenFiles,
    nodeTokensFiles,
    adminToken,
    changes,
  };
}

function ownerOf(target: KubeconfigTarget): Owner | undefined {
  if (!target.owner || !('of' in target.owner)) return target.owner;
  const { uid, gid } = statSync(target.owner.of);
  return { uid, gid };
}

/** mkdir -p, giving the directories it makes to `owner`. */
function makeDirectories(dir: string, owner: Owner | undefined): void {
  if (existsSync(dir)) return;
  makeDirectories(dirname(dir), owner);
  mkdirSync(dir, { mode: 0o755 });
  if (owner) chownSync(dir, owner.uid, owner.gid);
}

function checkKubeletName(name: string): string {
  if (!/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(name))
    throw new Error(`"${name}" is not a kubelet name for a file (letters, digits, '-', '_' and '.')`);
  return name;
}
