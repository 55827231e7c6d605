/**
 * Time as the controllers see it. Injectable, so that minReadySeconds and progress deadlines are
 * tested without sleeping. Structurally the `now()` of `@orchestra/client`'s Clock.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A metav1.Time as Kubernetes serializes it: RFC 3339 in UTC with whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Milliseconds since the epoch of a metav1.Time; undefined when absent or unparsable. */
export function parseTime(time: string | undefined | null): number | undefined {
  if (!time) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}
