/**
 * The unbound pods this scheduler is responsible for, from the moment they are first queued until
 * the informer shows them bound or deleted, whether they wait in the queue or are being scheduled
 * or bound. Lets a work-queue job tell "already handled" from "missed", and gives the
 * scheduling SLI its start: the first enqueue.
 */
export class PendingPodsTracker {
  private readonly firstEnqueued = new Map<string, number>();

  /** Returns false when the pod was already tracked. */
  track(uid: string, nowMs: number): boolean {
    if (this.firstEnqueued.has(uid)) return false;
    this.firstEnqueued.set(uid, nowMs);
    return true;
  }

  untrack(uid: string): void {
    this.firstEnqueued.delete(uid);
  }

  has(uid: string): boolean {
    return this.firstEnqueued.has(uid);
  }

  firstEnqueuedAt(uid: string): number | undefined {
    return this.firstEnqueued.get(uid);
  }

  get size(): number {
    return this.firstEnqueued.size;
  }
}
