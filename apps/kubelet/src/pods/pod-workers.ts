/**
 * The kubelet's pod workers (pkg/kubelet/pod_workers.go): one logical worker per pod, so a pod
 * is never synced twice at once, while different pods sync in parallel (a slow image pull of one
 * pod does not hold up the others). An update that arrives during a sync causes exactly one more
 * sync; a sync may ask to run again later (a back-off ending), as the kubelet's work queue does.
 *
 * Updates come from the node's work queue (the apiserver's dispatcher), the pod informer, the
 * runtime's container exits and the periodic resync; all of them only say "look at this pod".
 */
import { inSpanOf, k8sObjectAttributes, type Logger } from '@orchestra/observability';

export type SyncFn = (node: string, key: string) => Promise<{ resyncAfterMs?: number }>;

interface Worker {
  node: string;
  /** The change that asked for the next sync (from the node queue's job), if known. */
  traceparent?: string;
  running: boolean;
  again: boolean;
  timer?: NodeJS.Timeout;
  done?: Promise<void>;
}

/** A failed sync (the apiserver unreachable, a conflict) is retried after this long. */
const RETRY_MS = 1_000;

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;

  constructor(
    private readonly sync: SyncFn,
    private readonly logger: Logger,
  ) {}

  /** Look at pod `key` of `node` as soon as possible. Returns at once. */
  update(node: string, key: string, traceparent?: string): void {
    if (this.stopped) return;
    let worker = this.workers.get(key);
    if (!worker) {
      worker = { node, running: false, again: false };
      this.workers.set(key, worker);
    }
    worker.node = node;
    if (traceparent) worker.traceparent = traceparent;
    clearTimeout(worker.timer);
    worker.timer = undefined;
    if (worker.running) {
      worker.again = true;
      return;
    }
    worker.done = this.run(key, worker);
  }

  keys(): string[] {
    return [...this.workers.keys()];
  }

  /** Resolves once no sync is running (for shutdown and tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.done));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const worker of this.workers.values()) clearTimeout(worker.timer);
    await this.idle();
  }

  private async run(key: string, worker: Worker): Promise<void> {
    worker.running = true;
    let delay: number | undefined;
    try {
      do {
        worker.again = false;
        const traceparent = worker.traceparent;
        worker.traceparent = undefined;
        try {
          // In a span under the change that asked for it (a resync starts a trace of its own).
          const attributes = { ...k8sObjectAttributes(key, 'k8s.pod.name'), 'k8s.node.name': worker.node };
          delay = (await inSpanOf(traceparent, 'sync pod', attributes, () => this.sync(worker.node, key)))
            .resyncAfterMs;
        } catch (error) {
          this.logger.warn('pod sync failed; retrying', { node: worker.node, pod: key, error });
          delay = RETRY_MS;
        }
      } while (worker.again && !this.stopped);
    } finally {
      worker.running = false;
    }
    if (this.stopped) return;
    if (delay !== undefined) {
      worker.timer = setTimeout(() => this.update(worker.node, key), Math.max(1, delay));
      worker.timer.unref();
    } else {
      // Nothing pending: the entry goes, so the map does not grow with every pod ever seen.
      this.workers.delete(key);
    }
  }
}
