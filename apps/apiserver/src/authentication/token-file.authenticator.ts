/**
 * kube-apiserver's static token file (--token-auth-file): bearer tokens of users and component
 * identities. Unlike Kubernetes, the file is read again when it has changed and a token is not
 * found, so credentials the launcher adds for new nodes take effect without a restart.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseTokenFile } from '@orchestra/api';
import { UserInfo } from './user-info';

export class TokenFileAuthenticator {
  private users = new Map<string, UserInfo>();
  private version = '';

  constructor(private readonly path: string) {
    this.load();
  }

  /** The token's user, or undefined when the file does not list it. */
  authenticate(token: string): UserInfo | undefined {
    const user = this.users.get(token);
    if (user || !this.reloadIfChanged()) return user;
    return this.users.get(token);
  }

  get size(): number {
    return this.users.size;
  }

  private load(): void {
    let text: string;
    try {
      this.version = this.currentVersion();
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      throw new Error(`TOKEN_AUTH_FILE: cannot read ${this.path}: ${(error as Error).message}`);
    }
    const users = new Map<string, UserInfo>();
    for (const entry of parseTokenFile(text, `TOKEN_AUTH_FILE ${this.path}`)) {
      users.set(entry.token, { username: entry.username, uid: entry.uid, groups: entry.groups });
    }
    this.users = users;
  }

  /** Reloads when the file's size or modification time changed; a broken file keeps the old tokens. */
  private reloadIfChanged(): boolean {
    try {
      if (this.currentVersion() === this.version) return false;
      this.load();
      return true;
    } catch {
      return false;
    }
  }

  private currentVersion(): string {
    const stat = statSync(this.path);
    return `${stat.size}:${stat.mtimeMs}`;
  }
}
