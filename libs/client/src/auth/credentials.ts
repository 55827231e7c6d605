/**
 * The credentials a component authenticates to the apiserver with, read from the files the
 * launcher or docker compose generated: one bearer token (APISERVER_TOKEN_FILE), or, for a
 * kubelet that runs several nodes, one `system:node:<name>` token per node (NODE_TOKENS_FILE).
 */
import { readFileSync } from 'node:fs';
import { parseTokenFile } from '@orchestra/api';

/** The token in `file` (surrounding whitespace removed); undefined when no file is configured. */
export function readBearerToken(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const token = readFileSync(file, 'utf8').trim();
  if (!token) throw new Error(`${file}: the token file is empty`);
  return token;
}

/** Node name → token, from a token file's `system:node:<name>` lines. */
export function readNodeTokens(file: string | undefined): Map<string, string> {
  const tokens = new Map<string, string>();
  if (!file) return tokens;
  for (const entry of parseTokenFile(readFileSync(file, 'utf8'), file)) {
    if (entry.username.startsWith('system:node:'))
      tokens.set(entry.username.slice('system:node:'.length), entry.token);
  }
  return tokens;
}
