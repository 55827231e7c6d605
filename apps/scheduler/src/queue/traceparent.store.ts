/**
 * The trace context of the change that made each pod pending, by `namespace/name`, as the
 * dispatcher's jobs carry it: the binding and the events are written in that trace. Bounded: a
 * pod deleted before the scheduler saw it must not leak its entry forever.
 */
export const MAX_REMEMBERED_TRACEPARENTS = 50_000;

export class TraceparentStore {
  private readonly byKey = new Map<string, string>();

  constructor(private readonly max = MAX_REMEMBERED_TRACEPARENTS) {}

  /** The latest job's context wins (a pod's own writes carry the same trace onwards). */
  remember(key: string, traceparent: string): void {
    this.byKey.delete(key);
    this.byKey.set(key, traceparent);
    if (this.byKey.size > this.max) this.byKey.delete(this.byKey.keys().next().value as string);
  }

  get(key: string): string | undefined {
    return this.byKey.get(key);
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  get size(): number {
    return this.byKey.size;
  }
}
