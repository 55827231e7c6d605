/** The producer side of every work queue the dispatcher feeds, created on first use (one per kubelet node). */
import { WorkQueue, WorkQueueOptions } from '@orchestra/queues';

export class DispatchQueues {
  private readonly queues = new Map<string, WorkQueue>();

  constructor(private readonly options: WorkQueueOptions) {}

  get(name: string): WorkQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new WorkQueue(name, this.options);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}
