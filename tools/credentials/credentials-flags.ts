/**
 * The command line of main.ts, into ensureCredentials' options:
 *   --out DIR  --nodes node-1,node-2  --kubelets 'kubelet-1=node-1;kubelet-2=node-2,node-3'
 *   --san NAME-OR-IP (repeatable, or comma-separated)  --server URL  --kubeconfig PATH
 *   --owner UID:GID  --prometheus-owner UID:GID  --kubeconfig-owner UID:GID  --kubeconfig-owner-of DIR
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseOwner } from './credential-file';
import type { CredentialsOptions, KubeconfigTarget } from './ensure-credentials';

export const credentialsUsage = `Usage: node dist/tools/credentials/main.js --out DIR [options]

Generates, or keeps when still valid, the playground's CA, the apiserver's serving certificate,
the ServiceAccount signing key, every identity's token and the admin kubeconfig. Prints no secret.

  --out DIR                 where pki/ and tokens/ go (required)
  --nodes A,B               nodes that get a system:node:<name> token
  --kubelets 'K=A,B;L=C'    each kubelet's nodes: tokens/<K>.node-tokens.csv (NODE_TOKENS_FILE)
  --san NAME                extra DNS name or IP of the apiserver's certificate (repeatable)
  --server URL              the apiserver's URL in the kubeconfig; default https://localhost:8080
  --kubeconfig PATH         where the admin kubeconfig goes; default DIR/kubeconfig
  --kubeconfig-owner U:G    its owner (and of the directories made for it)
  --kubeconfig-owner-of D   ... or the owner of the existing directory D (a bind-mounted host checkout)
  --owner UID:GID           owner of the files the components read (when run as root for
                            another user); the CA key and admin token stay the caller's
  --prometheus-owner U:G    owner of tokens/prometheus.token alone
  --help                    this text`;

export class CredentialsFlagError extends Error {}

export type CredentialsCommand = { help: true } | ({ help: false } & CredentialsOptions);

export function parseCredentialsFlags(argv: readonly string[], cwd = process.cwd()): CredentialsCommand {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        nodes: { type: 'string' },
        kubelets: { type: 'string' },
        san: { type: 'string', multiple: true },
        server: { type: 'string' },
        kubeconfig: { type: 'string' },
        'kubeconfig-owner': { type: 'string' },
        'kubeconfig-owner-of': { type: 'string' },
        owner: { type: 'string' },
        'prometheus-owner': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CredentialsFlagError((error as Error).message);
  }
  if (values.help) return { help: true };
  const string = (name: string) => values[name] as string | undefined;
  const out = string('out');
  if (!out) throw new CredentialsFlagError('--out DIR is required');
  const dir = resolve(cwd, out);
  const server = string('server') ?? 'https://localhost:8080';
  if (!/^https:\/\/[^/]+\/?$/.test(server))
    throw new CredentialsFlagError(`--server must be an https URL with no path, not "${server}"`);
  const owner = (name: string) => {
    const text = string(name);
    if (text === undefined) return undefined;
    try {
      return parseOwner(text);
    } catch (error) {
      throw new CredentialsFlagError(`--${name}: ${(error as Error).message}`);
    }
  };
  const ownerOf = string('kubeconfig-owner-of');
  const kubeconfigOwner = ownerOf ? { of: resolve(cwd, ownerOf) } : owner('kubeconfig-owner');
  const kubeconfig: KubeconfigTarget = {
    path: resolve(cwd, string('kubeconfig') ?? resolve(dir, 'kubeconfig')),
    serverUrl: server.replace(/\/$/, ''),
    ...(kubeconfigOwner ? { owner: kubeconfigOwner } : {}),
  };
  return {
    help: false,
    dir,
    nodes: list(string('nodes') ?? ''),
    kubelets: parseKubelets(string('kubelets') ?? ''),
    extraNames: ((values.san as string[] | undefined) ?? []).flatMap(list),
    kubeconfigs: [kubeconfig],
    owner: owner('owner'),
    prometheusOwner: owner('prometheus-owner'),
  };
}

/** `kubelet-1=node-1;kubelet-2=node-2,node-3` → { 'kubelet-1': ['node-1'], 'kubelet-2': ['node-2', 'node-3'] }. */
export function parseKubelets(text: string): Record<string, string[]> {
  const kubelets: Record<string, string[]> = {};
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, nodes, extra] = part.split('=');
    if (!name?.trim() || extra !== undefined || list(nodes ?? '').length === 0)
      throw new CredentialsFlagError(`--kubelets: "${part}" is not KUBELET=NODE[,NODE…]`);
    kubelets[name.trim()] = list(nodes);
  }
  return kubelets;
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
