/**
 * What the load generator sends: a Service, a rate and a path. Written as `LOAD_TARGETS`
 * (`default/web=20,default/api=5:/hello`) or as JSON for `PUT /load`.
 */
import type { EnvVar } from '@orchestra/observability';

export interface LoadTarget {
  namespace: string;
  service: string;
  /** Requests per second, evenly spaced. */
  rps: number;
  /** Path on the Service, `/` unless given. */
  path: string;
}

export class LoadTargetError extends Error {
  override readonly name = 'LoadTargetError';
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_RPS = 10_000;

/** `ns/name` of a target: its metric label. */
export function targetName(target: LoadTarget): string {
  return `${target.namespace}/${target.service}`;
}

/** Parses `default/web=20,default/api=5:/hello`; an empty string means no load. */
export function parseLoadTargets(text: string): LoadTarget[] {
  const targets = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseOne);
  return checkUnique(targets);
}

function parseOne(text: string): LoadTarget {
  const m = /^([^/=\s]+)\/([^=\s]+)=([^:\s]+)(?::(\/\S*))?$/.exec(text);
  if (!m) throw new LoadTargetError(`"${text}" is not <namespace>/<service>=<rps>[:/path]`);
  return validTarget({ namespace: m[1], service: m[2], rps: Number(m[3]), path: m[4] ?? '/' });
}

/** Checks one target given as JSON (`{ "service": "default/web", "rps": 20, "path": "/" }`). */
export function loadTargetFromJson(value: unknown): LoadTarget {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const [namespace, service] = typeof record.service === 'string' ? record.service.split('/') : [];
  const path = record.path === undefined ? '/' : record.path;
  if (typeof path !== 'string' || !path.startsWith('/'))
    throw new LoadTargetError('path must be a string starting with /');
  return validTarget({ namespace: namespace ?? '', service: service ?? '', rps: Number(record.rps), path });
}

export function checkUnique(targets: LoadTarget[]): LoadTarget[] {
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(targetName(target))) throw new LoadTargetError(`${targetName(target)} is given twice`);
    seen.add(targetName(target));
  }
  return targets;
}

function validTarget(target: LoadTarget): LoadTarget {
  if (!DNS_LABEL.test(target.namespace) || !DNS_LABEL.test(target.service))
    throw new LoadTargetError(`"${target.namespace}/${target.service}" is not <namespace>/<service>`);
  if (!Number.isFinite(target.rps) || target.rps <= 0 || target.rps > MAX_RPS)
    throw new LoadTargetError(`rate of ${targetName(target)} must be a number in (0, ${MAX_RPS}]`);
  return target;
}

/** `LOAD_TARGETS`, validated at start-up: unset means no load. */
export function loadTargetsVar(): EnvVar<LoadTarget[]> {
  return { parse: (raw) => (raw === undefined ? [] : parseLoadTargets(raw)) };
}
