/**
 * The query of `GET .../pods/{name}/log` as Kubernetes' PodLogOptions: parsed (a value that does
 * not parse is a 400, as Kubernetes' query conversion answers) and validated as
 * ValidatePodLogOptions does (422 PodLogOptions "x" is invalid, every field error at once).
 */
import { ApiError, type FieldError } from '@orchestra/api';

export interface PodLogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339; the kubelet is asked for the seconds since then. */
  sinceTime?: string;
  limitBytes?: number;
}

export function parsePodLogOptions(query: URLSearchParams, podName: string): PodLogOptions {
  const options: PodLogOptions = {
    container: query.get('container') || undefined,
    follow: bool(query, 'follow'),
    previous: bool(query, 'previous'),
    timestamps: bool(query, 'timestamps'),
    tailLines: int(query, 'tailLines'),
    sinceSeconds: int(query, 'sinceSeconds'),
    sinceTime: query.get('sinceTime') || undefined,
    limitBytes: int(query, 'limitBytes'),
  };
  const errors: FieldError[] = [];
  const invalid = (field: string, value: unknown, detail: string) =>
    errors.push({ type: 'FieldValueInvalid', field, value, detail });
  if (options.tailLines !== undefined && options.tailLines < 0)
    invalid('tailLines', options.tailLines, 'must be greater than or equal to 0');
  if (options.limitBytes !== undefined && options.limitBytes < 1)
    invalid('limitBytes', options.limitBytes, 'must be greater than 0');
  if (options.sinceSeconds !== undefined && options.sinceSeconds < 1)
    invalid('sinceSeconds', options.sinceSeconds, 'must be greater than 0');
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined)
    errors.push({
      type: 'FieldValueForbidden',
      field: '',
      detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
  if (options.sinceTime !== undefined && Number.isNaN(Date.parse(options.sinceTime)))
    throw ApiError.badRequest(`parsing time "${options.sinceTime}" as RFC 3339: cannot parse`);
  if (errors.length) throw ApiError.invalid('PodLogOptions', '', podName, errors);
  return options;
}

/** Seconds to ask the kubelet for: sinceSeconds, or the time since sinceTime (at least 1). */
export function sinceSecondsOf(options: PodLogOptions, now = Date.now()): number | undefined {
  if (options.sinceSeconds !== undefined) return options.sinceSeconds;
  if (options.sinceTime === undefined) return undefined;
  return Math.max(1, Math.ceil((now - Date.parse(options.sinceTime)) / 1000));
}

/** Go's strconv.ParseBool, as Kubernetes reads query booleans. */
function bool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === '') return false;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw ApiError.badRequest(`${name}: strconv.ParseBool: parsing "${value}": invalid syntax`);
}

function int(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!/^[+-]?\d+$/.test(value))
    throw ApiError.badRequest(`${name}: strconv.ParseInt: parsing "${value}": invalid syntax`);
  return Number(value);
}
