/**
 * Writing credentials: secrets (keys, tokens, kubeconfigs) readable by their owner only (0600),
 * certificates by anyone (0644), each replaced whole through a rename so a reader never sees half
 * a file; and a file's text, or undefined when it does not exist.
 */
import { chmodSync, chownSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const SECRET_MODE = 0o600;
export const PUBLIC_MODE = 0o644;

export interface Owner {
  uid: number;
  gid: number;
}

export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Writes `text` to `path` with `mode` (and `owner`, when given) unless it already holds exactly that. */
export function writeCredential(path: string, text: string, mode: number, owner?: Owner): void {
  if (readIfExists(path) !== text) {
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    writeFileSync(temporary, text, { mode });
    renameSync(temporary, path);
  }
  // Also when unchanged: an older file may have other permissions, or another owner.
  chmodSync(path, mode);
  if (owner) chownSync(path, owner.uid, owner.gid);
}

/** `1000:1000` → { uid: 1000, gid: 1000 }; `1000` alone is uid and gid. */
export function parseOwner(text: string): Owner {
  const match = /^(\d+)(?::(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an owner: write uid:gid, e.g. 1000:1000`);
  return { uid: Number(match[1]), gid: Number(match[2] ?? match[1]) };
}
