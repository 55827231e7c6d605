/**
 * A test's credentials, as the launcher generates them for a user: a token file for the
 * apiserver (TOKEN_AUTH_FILE) with an admin (system:masters) and every component's identity, a
 * ServiceAccount signing key, one token file per component (APISERVER_TOKEN_FILE), and node
 * credentials (NODE_TOKENS_FILE) added as kubelets start; the apiserver reads the token file again
 * when it changes. Users for authorization tests are added the same way.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTokenFile, TokenFileEntry } from '@orchestra/api';

/** The component identities, by the app that runs as each. */
export const componentUsers: Record<string, string> = {
  scheduler: 'system:kube-scheduler',
  'controller-manager': 'system:kube-controller-manager',
  proxy: 'system:kube-proxy',
  'kube-state-metrics': 'system:kube-state-metrics',
  'cloud-controller-manager': 'system:cloud-controller-manager',
  prometheus: 'system:prometheus',
  'cluster-dns': 'system:serviceaccount:kube-system:coredns',
};

export const testAdminUser = 'orchestra-admin';

export class TestCredentials {
  readonly tokenFile: string;
  readonly serviceAccountKeyFile: string;
  readonly adminToken: string;
  /** Where a test apiserver writes its audit events (AUDIT_LOG_PATH). */
  readonly auditLogFile: string;
  private readonly tokens = new Map<string, string>();
  private files = 0;

  constructor(readonly dir: string = mkdtempSync(join(tmpdir(), 'orchestra-credentials-'))) {
    this.tokenFile = join(dir, 'tokens.csv');
    this.auditLogFile = join(dir, 'audit.log');
    writeFileSync(this.tokenFile, '', { mode: 0o600 });
    this.adminToken = this.addUser(testAdminUser, ['system:masters']);
    for (const user of Object.values(componentUsers)) this.addUser(user);
    this.serviceAccountKeyFile = join(dir, 'service-account.key');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(this.serviceAccountKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
  }

  /** Adds a user to the token file (at once valid) and returns its token. */
  addUser(username: string, groups: string[] = []): string {
    const existing = this.tokens.get(username);
    if (existing) return existing;
    const token = randomBytes(24).toString('base64url');
    appendFileSync(this.tokenFile, formatTokenFile([{ token, username, groups }]));
    this.tokens.set(username, token);
    return token;
  }

  tokenOf(username: string): string {
    const token = this.tokens.get(username);
    if (!token) throw new Error(`no test token for ${username}`);
    return token;
  }

  /** The environment a component process needs to authenticate as itself. */
  componentEnv(app: string, nodeNames: string[] = []): Record<string, string> {
    if (app === 'kubelet') return { NODE_TOKENS_FILE: this.nodeTokensFile(nodeNames) };
    const user = componentUsers[app];
    if (!user) return {};
    return { APISERVER_TOKEN_FILE: this.writeFile(`${app}.token`, this.tokenOf(user)) };
  }

  /** A NODE_TOKENS_FILE for these nodes, whose identities are added to the token file. */
  nodeTokensFile(nodeNames: string[]): string {
    const entries: TokenFileEntry[] = nodeNames.map((name) => ({
      token: this.addUser(`system:node:${name}`, ['system:nodes']),
      username: `system:node:${name}`,
      groups: ['system:nodes'],
    }));
    return this.writeFile('nodes.csv', formatTokenFile(entries));
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private writeFile(name: string, text: string): string {
    const path = join(this.dir, `${++this.files}-${name}`);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  }
}
