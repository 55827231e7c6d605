/** One entry of the change log, decoded: what changed, at which revision, caused by which request. */
import { KubeObject } from '@orchestra/api';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeEvent {
  type: ChangeType;
  revision: number;
  /** Resource segment of the key (`pods`, `deployments`). */
  resource: string;
  /** `namespace/name` or `name`. */
  member: string;
  /** The object after the change (for DELETED, its last state), with resourceVersion = revision. */
  object: KubeObject;
  /** For MODIFIED: the state before the change, parsed on first use (see previousObject). */
  previousJson?: string;
  previousRevision?: string;
  /** W3C traceparent of the request that made the change, when there was one. */
  traceparent?: string;
}

/** Parses stored JSON and sets `metadata.resourceVersion`, which is kept beside the body, not in it. */
export function decodeObject(json: string, resourceVersion: string | number): KubeObject {
  const object = JSON.parse(json) as KubeObject;
  object.metadata = { ...object.metadata, resourceVersion: String(resourceVersion) };
  return object;
}

const storedPrefix = /^\{"apiVersion":"[^"\\]*","kind":"[^"\\]*","metadata":\{/;

/**
 * Stored JSON with `metadata.resourceVersion` added, as text: objects are stored with apiVersion,
 * kind and metadata first, so the spot is known without parsing; anything else is parsed.
 */
export function withResourceVersion(json: string, resourceVersion: string | number): string {
  const match = storedPrefix.exec(json);
  if (!match) return JSON.stringify(decodeObject(json, resourceVersion));
  const at = match[0].length;
  const separator = json[at] === '}' ? '' : ',';
  return `${json.slice(0, at)}"resourceVersion":${JSON.stringify(String(resourceVersion))}${separator}${json.slice(at)}`;
}

/** Stream entry fields come as a flat [name, value, ...] array. */
export function decodeChangeEntry(id: string, fields: string[]): ChangeEvent {
  const map: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i]] = fields[i + 1];
  const revision = Number(id.slice(0, id.indexOf('-')));
  return {
    type: map.t as ChangeType,
    revision,
    resource: map.r,
    member: map.k,
    object: decodeObject(map.o, revision),
    previousJson: map.p,
    previousRevision: map.pv,
    traceparent: map.tp || undefined,
  };
}

const parsedPrevious = new WeakMap<ChangeEvent, KubeObject>();

/** The object before a MODIFIED change (undefined for ADDED and DELETED), parsed once per event. */
export function previousObject(event: ChangeEvent): KubeObject | undefined {
  if (event.previousJson === undefined) return undefined;
  let previous = parsedPrevious.get(event);
  if (!previous) {
    previous = decodeObject(event.previousJson, event.previousRevision ?? '0');
    parsedPrevious.set(event, previous);
  }
  return previous;
}
