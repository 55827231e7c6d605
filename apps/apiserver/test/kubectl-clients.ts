/**
 * The real kubectl binaries to test with. This machine's `kubectl` is a dispatcher that picks a
 * client by the server's version; the versioned clients beside it let a test pin an older and a
 * newer one too. Only the clients actually installed are returned.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface KubectlClient {
  label: string;
  path: string;
}

export function installedKubectlClients(wanted = ['1.27', '1.33']): KubectlClient[] {
  const which = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  if (!which) return [];
  const clients: KubectlClient[] = [{ label: 'kubectl (default)', path: which }];
  const candidates = [dirname(realpathSync(which)), '/usr/lib/google-cloud-sdk/bin'];
  for (const version of wanted) {
    const found = candidates.map((dir) => join(dir, `kubectl.${version}`)).find((p) => existsSync(p));
    if (found) clients.push({ label: `kubectl ${version}`, path: found });
  }
  return clients;
}

export function clientVersion(path: string): string {
  try {
    return (
      execFileSync(path, ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).match(
        /"gitVersion":\s*"([^"]+)"/,
      )?.[1] ?? '?'
    );
  } catch {
    return '?';
  }
}
