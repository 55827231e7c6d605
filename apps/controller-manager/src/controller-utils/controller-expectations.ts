/**
 * ControllerExpectations (pkg/controller/controller_utils.go, with the UID-tracking of deletions
 * the ReplicaSet controller uses): what a controller remembers it has just asked for, so that a
 * reconcile reading a cache that has not seen those writes yet does nothing instead of creating
 * (or deleting) the same pods a second time.
 *
 * - Before creating N pods for `ns/rs`, the reconciler calls `expectCreations(key, N)`; before
 *   deleting pods, `expectDeletions(key, podKeys)`.
 * - The wiring calls `creationObserved(key)` when the pod informer sees a new pod whose controller
 *   is that ReplicaSet, and `deletionObserved(key, podKey)` when it sees one of its pods deleted
 *   or marked for deletion (each pod is counted once, however many events say so).
 * - A failed create or delete is "observed" by the reconciler itself: no event will ever come.
 * - `satisfiedExpectations(key)` is true when everything was observed, when nothing is recorded,
 *   or when the record is older than 5 minutes (a lost event must not block the controller forever).
 */
import { Clock, systemClock } from './clock';

export const expectationsTimeoutMs = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  /** Pods whose deletion we wait to see (UIDTrackingControllerExpectations). */
  deleting: Set<string>;
  timestamp: number;
}

export class ControllerExpectations {
  private readonly records = new Map<string, Expectation>();

  constructor(private readonly clock: Clock = systemClock) {}

  satisfiedExpectations(key: string): boolean {
    const exp = this.records.get(key);
    if (!exp) return true;
    if (exp.add <= 0 && exp.del <= 0) return true;
    return this.clock.now() - exp.timestamp > expectationsTimeoutMs;
  }

  /** Replaces whatever was expected for this key (as SetExpectations). */
  expectCreations(key: string, count: number): void {
    this.setExpectations(key, count, []);
  }

  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.setExpectations(key, 0, podKeys);
  }

  /** Creations and deletions expected at once, for a sync that does both (a DaemonSet's). */
  setExpectations(key: string, creations: number, deletions: readonly string[]): void {
    this.records.set(key, {
      add: creations,
      del: deletions.length,
      deleting: new Set(deletions),
      timestamp: this.clock.now(),
    });
  }

  creationObserved(key: string): void {
    const exp = this.records.get(key);
    if (exp) exp.add--;
  }

  /**
   * One expected deletion was seen. With a pod key, only a pod we are waiting for counts, and
   * only once; without one, any deletion counts.
   */
  deletionObserved(key: string, podKey?: string): void {
    const exp = this.records.get(key);
    if (!exp) return;
    if (podKey !== undefined) {
      if (!exp.deleting.delete(podKey)) return;
    }
    exp.del--;
  }

  /** Forget the key: its controller was deleted. */
  deleteExpectations(key: string): void {
    this.records.delete(key);
  }

  /** For logs and tests: what is still outstanding. */
  pending(key: string): { add: number; del: number } | undefined {
    const exp = this.records.get(key);
    return exp && { add: exp.add, del: exp.del };
  }
}
