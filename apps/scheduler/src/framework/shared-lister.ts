/**
 * Read access to the cycle's snapshot of nodes (Kubernetes `framework.SharedLister`/NodeInfoLister).
 * Implemented by the cache's Snapshot; plugins read it through CycleState, never the cache itself.
 */
import type { NodeInfo } from './node-info';

export interface NodeInfoLister {
  /** All nodes, in the order the scheduler walks them (zones interleaved). */
  list(): readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  /** Nodes with at least one pod that has pod (anti-)affinity. */
  havePodsWithAffinityList(): readonly NodeInfo[];
  /** Nodes with at least one pod that has required anti-affinity. */
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
}
