/**
 * One keep-alive `http.Agent` per kubelet (`host:port`): traffic to all pods of a node shares a
 * bounded set of sockets, as it would share the node's network, instead of a socket per pod.
 */
import { Agent } from 'node:http';
import type { KubeletTarget } from '../routing/kubelet-target';

/** Free sockets are closed before the kubelet's server would (Node's keepAliveTimeout is 5 s). */
const FREE_SOCKET_TIMEOUT_MS = 4_000;

export class KubeletAgentPool {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly maxSockets: number) {}

  agentFor(target: KubeletTarget): Agent {
    let agent = this.agents.get(target.key);
    if (!agent) {
      agent = new Agent({
        keepAlive: true,
        maxSockets: this.maxSockets,
        maxFreeSockets: Math.min(this.maxSockets, 32),
        timeout: FREE_SOCKET_TIMEOUT_MS,
        scheduling: 'lifo',
      });
      this.agents.set(target.key, agent);
    }
    return agent;
  }

  /** Drops the agents of kubelets no backend lives on any more; their requests in flight finish. */
  retain(keys: ReadonlySet<string>): void {
    for (const [key, agent] of this.agents) {
      if (keys.has(key)) continue;
      this.agents.delete(key);
      for (const sockets of Object.values(agent.freeSockets)) for (const s of sockets ?? []) s.destroy();
    }
  }

  get size(): number {
    return this.agents.size;
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
