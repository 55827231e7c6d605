/**
 * Registers a node with the apiserver (kubelet_node_status.go registerWithAPIServer): create
 * the Node, or adopt the one that already exists (a restarted kubelet, or a Node created by
 * hand) by bringing its labels, podCIDR, addresses, capacity and system info up to date.
 */
import { ApiError, type Node } from '@orchestra/api';
import type { ResourceClient } from '@orchestra/client';
import { nodeConditions } from './node-conditions';

export async function registerNode(nodes: ResourceClient<Node>, desired: Node, now: string): Promise<Node> {
  const withConditions: Node = {
    ...desired,
    status: { ...desired.status, conditions: nodeConditions(undefined, now) },
  };
  try {
    return await nodes.create(withConditions);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 409)) throw error;
  }
  return adoptNode(nodes, desired, now);
}

async function adoptNode(nodes: ResourceClient<Node>, desired: Node, now: string): Promise<Node> {
  const name = desired.metadata.name!;
  for (let attempt = 0; ; attempt++) {
    const existing = await nodes.get(name);
    // Another machine had this name (a cloud node slot used again before its old Node was
    // deleted): that machine's cordon and taints are not this one's.
    const newMachine =
      !!desired.spec?.providerID &&
      !!existing.spec?.providerID &&
      desired.spec.providerID !== existing.spec.providerID;
    try {
      const updated = await nodes.update({
        ...existing,
        metadata: {
          ...existing.metadata,
          // Labels set by others (kubectl label) stay; ours win where both set one.
          labels: { ...existing.metadata.labels, ...desired.metadata.labels },
        },
        spec: newMachine
          ? desired.spec
          : { ...existing.spec, ...desired.spec, unschedulable: existing.spec?.unschedulable },
      });
      return await nodes.updateStatus({
        ...updated,
        status: {
          ...existing.status,
          ...desired.status,
          conditions: nodeConditions(existing.status?.conditions, now),
        },
      });
    } catch (error) {
      // Someone wrote the Node in between (a controller, kubectl): read it again.
      if (!(error instanceof ApiError && error.code === 409) || attempt >= 5) throw error;
    }
  }
}
