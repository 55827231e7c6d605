/**
 * Parses an HTTP Accept header into media ranges with their parameters, the way the apiserver
 * negotiates `application/json;g=…;v=…;as=…` variants (discovery, Table). Parameter names are
 * case-insensitive; values keep their case (`as=Table`, `as=APIGroupDiscoveryList`).
 */
export interface MediaRange {
  type: string;
  subtype: string;
  params: Record<string, string>;
  /** Quality, 0–1; 1 when absent. */
  q: number;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => parseRange(part))
    .filter((range): range is MediaRange => range !== undefined);
}

function parseRange(part: string): MediaRange | undefined {
  const [mediaType, ...rawParams] = part.split(';').map((s) => s.trim());
  const [type, subtype] = (mediaType ?? '').toLowerCase().split('/');
  if (!type || !subtype) return undefined;
  const params: Record<string, string> = {};
  let q = 1;
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    if (eq <= 0) continue;
    const name = raw.slice(0, eq).trim().toLowerCase();
    const value = raw
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
    else params[name] = value;
  }
  return { type, subtype, params, q };
}

/** True for `application/json` (or a wildcard covering it) accepted with q > 0. */
export const isJsonRange = (r: MediaRange): boolean =>
  r.q > 0 &&
  ((r.type === 'application' && (r.subtype === 'json' || r.subtype === '*')) ||
    (r.type === '*' && r.subtype === '*'));

/** True when the range asks for JSON with exactly this g/v/as triple. */
export const matchesKind = (r: MediaRange, group: string, version: string, as: string): boolean =>
  r.q > 0 &&
  r.type === 'application' &&
  r.subtype === 'json' &&
  r.params['g'] === group &&
  r.params['v'] === version &&
  r.params['as'] === as;
