/**
 * How each node action injects its fault into a target Node and takes it back (the node-side
 * counterpart of chaos-actions.ts; the reconciler only knows this interface).
 *  - node-drain: what `kubectl drain` does: cordon (spec.unschedulable, which also brings the
 *    node.kubernetes.io/unschedulable:NoSchedule taint), then evict the node's pods (see
 *    node-targets.ts for which) with DELETE and their own grace period (or spec.gracePeriodSeconds),
 *    so their kubelet stops them gracefully and their controllers replace them elsewhere.
 *    kubectl goes through the Eviction API so that PodDisruptionBudgets can refuse; Orchestra has
 *    no PodDisruptionBudgets yet, so nothing could refuse and a DELETE is the same. Recovery
 *    uncordons at the end of the duration, unless spec.leaveCordoned.
 *  - node-down: `chaos.orchestra.dev/node-down: <end time>` on the Node; its kubelet powers the
 *    node off until then (no heartbeats, containers dead, pods serving nothing) and back on by its
 *    own timer, so the node returns even if the controller-manager is gone. The node lifecycle
 *    controller does the rest: Unknown, taints, evictions. Recovery removes the annotation.
 *  - node-partition: the same with `chaos.orchestra.dev/node-partition`: the kubelet cannot reach
 *    the apiserver until the end time (its pods keep running and serving), then heals on its own
 *    timer and reconciles (see NodeFaultSwitch in the kubelet).
 *  - instance-terminate: `chaos.orchestra.dev/instance-terminate: <now>` on a Node of the
 *    simulated cloud; the cloud-controller-manager terminates its instance (the Node goes once it
 *    is NotReady, as in Kubernetes). Only the cloud's nodes are candidates (node-targets.ts).
 *    Nothing to undo: a machine terminated stays terminated; the cluster autoscaler may add another.
 */
import {
  ChaosExperiment,
  INSTANCE_TERMINATE_ANNOTATION,
  Node,
  NODE_DOWN_ANNOTATION,
  NODE_PARTITION_ANNOTATION,
  NodeChaosAction,
  Pod,
} from '@orchestra/api';
import { durationMs } from './chaos-actions';
import { ChaosApi } from './chaos-api.port';

export interface NodeActionContext {
  api: ChaosApi;
  experiment: ChaosExperiment;
  /** The pods this run hits on the node (a drain's evictions), chosen with the targets. */
  podsOf(node: Node): Pod[];
  now: number;
  traceparent?: string;
}

export interface NodeActionHandler {
  inject(node: Node, ctx: NodeActionContext): Promise<void>;
  recover(node: Node, ctx: NodeActionContext): Promise<void>;
}

export const nodeActionHandlers: Record<NodeChaosAction, NodeActionHandler> = {
  'node-drain': {
    async inject(node, { api, experiment, podsOf, traceparent }) {
      // Cordoned first, so no replacement lands back on the node.
      await api.setUnschedulable(node, true, traceparent);
      await Promise.all(
        podsOf(node).map((pod) => api.deletePod(pod, experiment.spec.gracePeriodSeconds, traceparent)),
      );
    },
    async recover(node, { api, experiment, traceparent }) {
      if (!experiment.spec.leaveCordoned) await api.setUnschedulable(node, false, traceparent);
    },
  },
  'node-down': {
    inject: (node, { api, experiment, now, traceparent }) =>
      api.annotateNode(
        node,
        NODE_DOWN_ANNOTATION,
        new Date(now + durationMs(experiment)).toISOString(),
        traceparent,
      ),
    recover: (node, { api, traceparent }) => api.annotateNode(node, NODE_DOWN_ANNOTATION, null, traceparent),
  },
  'node-partition': {
    inject: (node, { api, experiment, now, traceparent }) =>
      api.annotateNode(
        node,
        NODE_PARTITION_ANNOTATION,
        new Date(now + durationMs(experiment)).toISOString(),
        traceparent,
      ),
    recover: (node, { api, traceparent }) =>
      api.annotateNode(node, NODE_PARTITION_ANNOTATION, null, traceparent),
  },
  'instance-terminate': {
    inject: (node, { api, now, traceparent }) =>
      api.annotateNode(node, INSTANCE_TERMINATE_ANNOTATION, new Date(now).toISOString(), traceparent),
    recover: async () => undefined,
  },
};
