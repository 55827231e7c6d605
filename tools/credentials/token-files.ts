/**
 * The static token file (TOKEN_AUTH_FILE) and the files cut from it: one bearer token per
 * component identity (APISERVER_TOKEN_FILE) and one NODE_TOKENS_FILE per kubelet. Tokens are
 * 32 random bytes, base64url. An existing file's tokens are kept, so a restart does not log
 * anyone out; lines someone added by hand are kept too.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { formatTokenFile, parseTokenFile, TokenFileEntry } from '@orchestra/api';
import { Identity } from './identities';

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The entries of `existing` (a token file's text, or undefined) with one more for every wanted
 * identity it lacks; `added` names them. An existing entry of a wanted user keeps its token, uid
 * and groups.
 */
export function mergeTokenEntries(
  existing: string | undefined,
  wanted: readonly Identity[],
  source = 'token file',
): { entries: TokenFileEntry[]; added: string[] } {
  const entries = existing ? parseTokenFile(existing, source) : [];
  const users = new Set(entries.map((e) => e.username));
  const added: string[] = [];
  for (const identity of wanted) {
    if (users.has(identity.username)) continue;
    entries.push({
      token: randomToken(),
      username: identity.username,
      uid: randomUUID(),
      groups: identity.groups,
    });
    users.add(identity.username);
    added.push(identity.username);
  }
  return { entries, added };
}

/** The token of `username` in `entries` (the first, should a hand-written line repeat a user). */
export function tokenOf(entries: readonly TokenFileEntry[], username: string): string {
  const entry = entries.find((e) => e.username === username);
  if (!entry) throw new Error(`no token for ${username}`);
  return entry.token;
}

/** A kubelet's NODE_TOKENS_FILE: the token file's lines of the nodes it runs. */
export function nodeTokensFile(entries: readonly TokenFileEntry[], nodeUsers: readonly string[]): string {
  return formatTokenFile(nodeUsers.map((user) => entries.find((e) => e.username === user)!));
}

export { formatTokenFile };
