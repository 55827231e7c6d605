/**
 * Turns a change-log event into what a filtered watch sees, as Kubernetes' watch cache does: an
 * object that starts matching the selectors is ADDED, one that stops matching is DELETED, and
 * changes outside the selectors are not seen at all.
 */
import { KubeObject, WatchEvent } from '@orchestra/api';
import { ChangeEvent, previousObject } from '@orchestra/store';

export type ObjectPredicate = (object: KubeObject) => boolean;

export function filterChange(
  event: ChangeEvent,
  predicate: ObjectPredicate | undefined,
): WatchEvent | undefined {
  if (!predicate) return { type: event.type, object: event.object };
  const matchesNow = predicate(event.object);
  if (event.type !== 'MODIFIED') return matchesNow ? { type: event.type, object: event.object } : undefined;
  const previous = previousObject(event);
  const matchedBefore = previous ? predicate(previous) : false;
  if (matchesNow && matchedBefore) return { type: 'MODIFIED', object: event.object };
  if (matchesNow) return { type: 'ADDED', object: event.object };
  if (matchedBefore) return { type: 'DELETED', object: event.object };
  return undefined;
}
