/**
 * One simulated node's link to the apiserver (node-partition, chaos): every request the node
 * makes (Lease, status, pod status, pod deletions, events) goes through its own fetch, which a
 * partition cuts: requests fail at once as "no route to host", the way a host whose network is
 * gone fails them (writes are not retried, reads are retried with back-off and then fail). One
 * kubelet process runs many nodes; only the partitioned node's traffic stops.
 */
export class NodeNetwork {
  private cut = false;

  constructor(private readonly nodeName: string) {}

  get partitioned(): boolean {
    return this.cut;
  }

  partition(): void {
    this.cut = true;
  }

  heal(): void {
    this.cut = false;
  }

  readonly fetch: typeof fetch = (input, init) => {
    if (!this.cut) return fetch(input, init);
    const cause = Object.assign(new Error(`connect EHOSTUNREACH (node ${this.nodeName} is partitioned)`), {
      code: 'EHOSTUNREACH',
    });
    return Promise.reject(new TypeError('fetch failed', { cause }));
  };
}
