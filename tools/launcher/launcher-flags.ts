/**
 * `npm start -- --nodes 5 --profile kubernetes`: the launcher's flags. They win over the
 * environment (ORCHESTRA_NODES, PROFILE), which wins over the defaults (3 nodes, playground).
 */
import { parseArgs } from 'node:util';
import { PROFILES, type TimingProfile } from '@orchestra/api';

export interface LauncherFlags {
  nodes?: number;
  profile?: TimingProfile;
  help: boolean;
}

export const launcherUsage = `Usage: npm start -- [--nodes N] [--profile playground|kubernetes]

  --nodes N       simulated nodes (node-1 … node-N), 0 to 1000; default 3 (ORCHESTRA_NODES)
  --profile P     node-failure timings: playground (a lost node's pods move within ~10 s) or
                  kubernetes (its defaults: 50 s grace, 300 s tolerations); default playground (PROFILE)
  --help          this text`;

export class LauncherFlagError extends Error {}

export function parseLauncherFlags(argv: readonly string[]): LauncherFlags {
  let values: { nodes?: string; profile?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        nodes: { type: 'string', short: 'n' },
        profile: { type: 'string', short: 'p' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new LauncherFlagError((error as Error).message);
  }
  const flags: LauncherFlags = { help: values.help ?? false };
  if (values.nodes !== undefined) {
    const nodes = Number(values.nodes);
    if (!/^\d+$/.test(values.nodes) || nodes > 1000)
      throw new LauncherFlagError(`--nodes must be a whole number from 0 to 1000, not "${values.nodes}"`);
    flags.nodes = nodes;
  }
  if (values.profile !== undefined) {
    if (!(PROFILES as readonly string[]).includes(values.profile))
      throw new LauncherFlagError(`--profile must be one of ${PROFILES.join(', ')}, not "${values.profile}"`);
    flags.profile = values.profile as TimingProfile;
  }
  return flags;
}
