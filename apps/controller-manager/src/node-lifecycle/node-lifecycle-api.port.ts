/** What the node lifecycle and taint eviction controllers write through the apiserver. */
import type { Node, Pod, Taint } from '@orchestra/api';

export interface NodeLifecycleApi {
  /** PUT nodes/{name}/status (compare-and-swap on the node's resourceVersion). */
  updateNodeStatus(node: Node): Promise<Node>;
  /** A fresh read of the node (after a conflict). */
  getNode(name: string): Promise<Node>;
  /**
   * Adds `add` (stamped with timeAdded for NoExecute) and drops `remove` from the node's taints,
   * read fresh and written with compare-and-swap, retried on conflict (SwapNodeControllerTaint).
   * Returns false when the node is gone.
   */
  swapNodeTaints(name: string, add: Taint[], remove: Taint[]): Promise<boolean>;
  /** PUT pods/{name}/status (compare-and-swap). */
  updatePodStatus(pod: Pod): Promise<Pod>;
  /**
   * The taint eviction: a DisruptionTarget condition on the pod's status, then DELETE with the
   * pod's own grace period (its kubelet, if alive, stops it). False when the pod is already gone.
   */
  evictPod(namespace: string, name: string, uid: string | undefined): Promise<boolean>;
}
