/**
 * The taints the node lifecycle controller manages (core/v1 well_known_taints.go) and the node
 * condition each one stands for (nodeConditionToTaintKeyStatusMap in node_lifecycle_controller.go).
 */
import type { Taint } from '../types';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

/** `node.kubernetes.io/unreachable:NoExecute`: the node stopped heartbeating (Ready=Unknown). */
export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };
/** `node.kubernetes.io/not-ready:NoExecute`: the kubelet reports Ready=False. */
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };

/** Which condition status gets which NoSchedule taint (TaintNodesByCondition). */
export const conditionTaints: Record<string, Partial<Record<'True' | 'False' | 'Unknown', string>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: TAINT_NODE_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_NODE_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NODE_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_NODE_PID_PRESSURE },
};

/** Taint keys the controller owns as NoSchedule taints: the condition ones and unschedulable. */
export const controllerNoScheduleTaintKeys: ReadonlySet<string> = new Set([
  ...Object.values(conditionTaints).flatMap((byStatus) => Object.values(byStatus)),
  TAINT_NODE_UNSCHEDULABLE,
]);

/** Same key and effect (and value): how Kubernetes' Taint.MatchTaint compares. */
export const sameTaint = (a: Taint, b: Taint): boolean =>
  a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '');
