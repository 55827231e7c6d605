/** `kubectl get endpoints`: NAME ENDPOINTS AGE, at most three `ip:port` then `+ N more...`. */
import { Endpoints } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';

const SHOWN = 3;

export function endpointsCell(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const all: string[] = [];
  for (const subset of subsets) {
    const ips = (subset.addresses ?? []).map((a) => a.ip);
    // Headless services may have no ports: list bare addresses then.
    if (!subset.ports?.length) all.push(...ips);
    else
      for (const port of subset.ports)
        all.push(...ips.map((ip) => (ip.includes(':') ? `[${ip}]:${port.port}` : `${ip}:${port.port}`)));
  }
  const shown = all.slice(0, SHOWN).join(',');
  return all.length > SHOWN ? `${shown} + ${all.length - SHOWN} more...` : shown;
}

export const endpointsPrinter: Printer<Endpoints> = {
  columns: [
    NAME_COLUMN,
    column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    AGE_COLUMN,
  ],
  print(ep, now) {
    return { cells: [ep.metadata.name ?? '', endpointsCell(ep), since(ep.metadata.creationTimestamp, now)] };
  },
};
