/**
 * Runs async tasks one at a time per key, in arrival order, while different keys run in parallel.
 * The pod workers already never overlap two syncs of one pod; this lock extends the guarantee to
 * the syncs that probe results trigger between them (see sync-trigger.ts).
 */
export class KeyedLock {
  /** The last task queued per key, settled either way; gone once nothing is queued. */
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or queued (tests). */
  get size(): number {
    return this.tails.size;
  }
}
