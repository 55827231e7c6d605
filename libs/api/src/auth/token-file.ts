/**
 * Kubernetes' static token file (kube-apiserver --token-auth-file): one CSV line per token,
 * `token,user,uid,"group1,group2"` (uid and groups optional). The apiserver authenticates with it;
 * a kubelet that runs several nodes picks each node's `system:node:<name>` line from the same format.
 */
import { parse } from 'csv-parse/sync';

export interface TokenFileEntry {
  token: string;
  username: string;
  uid?: string;
  groups: string[];
}

/** Parses the file's text; a malformed line fails with its line number. Blank lines and `#` comments are skipped. */
export function parseTokenFile(text: string, source = 'token file'): TokenFileEntry[] {
  let records: string[][];
  try {
    records = parse(text, {
      comment: '#',
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
  const seen = new Set<string>();
  return records.map((record, index) => {
    const [token, username, uid, groups] = record;
    const where = `${source}: entry ${index + 1}`;
    if (!token) throw new Error(`${where}: the token (first column) is empty`);
    if (!username) throw new Error(`${where}: the user name (second column) is empty`);
    if (seen.has(token)) throw new Error(`${where}: the token is listed twice`);
    seen.add(token);
    return {
      token,
      username,
      uid: uid || undefined,
      groups: (groups ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    };
  });
}

/** Writes entries in the same format (groups quoted), e.g. for the launcher's generated file. */
export function formatTokenFile(entries: TokenFileEntry[]): string {
  return (
    entries.map((e) => [e.token, e.username, e.uid ?? '', `"${e.groups.join(',')}"`].join(',')).join('\n') +
    '\n'
  );
}
