/**
 * ChaosExperiment (chaos.orchestra.dev/v1alpha1): one fault, the targets it hits, how long it lasts,
 * how often it repeats, and what the chaos controller observed (phase, affected objects, times to
 * detect and recover, verdict). Field names follow Chaos Mesh's PodChaos where one exists
 * (`action`, `mode`, `value`, `duration`, `selector`), Kubernetes' everywhere else.
 */
import { LabelSelector, ObjectMeta, TypeMeta } from '../types';

export const CHAOS_GROUP = 'chaos.orchestra.dev';
export const CHAOS_VERSION = 'v1alpha1';
export const CHAOS_API_VERSION = `${CHAOS_GROUP}/${CHAOS_VERSION}`;

/** The actions the controller can inject. */
export const chaosActions = [
  'pod-kill',
  'container-kill',
  'pod-failure',
  'cpu-stress',
  'memory-stress',
  'http-fault',
  'store-latency',
  'queue-stall',
  'node-drain',
  'node-down',
  'node-partition',
  'instance-terminate',
  'component-kill',
  'component-pause',
] as const;
export type ChaosAction = (typeof chaosActions)[number];

/** Actions whose targets are pods, picked by every field of spec.selector. */
export const podChaosActions = [
  'pod-kill',
  'container-kill',
  'pod-failure',
  'cpu-stress',
  'memory-stress',
] as const satisfies readonly ChaosAction[];
export const isPodChaosAction = (action: string | undefined): boolean =>
  (podChaosActions as readonly string[]).includes(action ?? '');

/** Actions whose targets are Nodes (picked by spec.selector.nodes and node labels), not pods. */
export const nodeChaosActions = [
  'node-drain',
  'node-down',
  'node-partition',
  'instance-terminate',
] as const satisfies readonly ChaosAction[];
export type NodeChaosAction = (typeof nodeChaosActions)[number];
export const isNodeChaosAction = (action: string | undefined): action is NodeChaosAction =>
  (nodeChaosActions as readonly string[]).includes(action ?? '');

/** Actions that hit a component's process (spec.component): SIGKILL, or SIGSTOP for the duration. */
export const componentChaosActions = [
  'component-kill',
  'component-pause',
] as const satisfies readonly ChaosAction[];
export type ComponentChaosAction = (typeof componentChaosActions)[number];
export const isComponentChaosAction = (action: string | undefined): action is ComponentChaosAction =>
  (componentChaosActions as readonly string[]).includes(action ?? '');

/**
 * The components component-kill and component-pause can hit. The scheduler and the
 * controller-manager: their leader (the instance holding the Lease); a kubelet: the process that
 * runs the nodes picked by spec.selector and spec.mode; the proxy and the cluster DNS: every
 * process of it.
 */
export const chaosComponents = [
  'scheduler',
  'controller-manager',
  'kubelet',
  'proxy',
  'cluster-dns',
] as const;
export type ChaosComponent = (typeof chaosComponents)[number];

/** one: a random target; all; fixed: `value` targets; fixed-percent: `value`% of them (rounded down, at least 1). */
export const chaosModes = ['one', 'all', 'fixed', 'fixed-percent'] as const;
export type ChaosMode = (typeof chaosModes)[number];

export const chaosPhases = ['Pending', 'Injecting', 'Injected', 'Recovering', 'Recovered', 'Failed'] as const;
export type ChaosPhase = (typeof chaosPhases)[number];

/**
 * The workload kinds `spec.selector.workload` can name: a pod belongs to one when the chain of
 * controller ownerReferences from the pod reaches it (a Deployment through its ReplicaSets, a
 * CronJob through its Jobs).
 */
export const chaosWorkloadKinds = [
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
] as const;
export type ChaosWorkloadKind = (typeof chaosWorkloadKinds)[number];

/** A workload in the namespaces the selector covers, by kind and name. */
export interface ChaosWorkloadSelector {
  kind: ChaosWorkloadKind;
  name: string;
}

/** Pod actions pick pods with every field; node actions pick nodes with `nodes` and `labelSelector` (node labels). */
export interface ChaosSelector {
  /** Namespaces to pick pods in; the experiment's own when absent. */
  namespaces?: string[];
  /** A meta/v1 LabelSelector, or the `-l` string form (`app=web,tier!=db`). */
  labelSelector?: LabelSelector | string;
  /** Pod names; kube-system pods are only ever hit when named here (with kube-system in namespaces). */
  names?: string[];
  /** Only pods bound to these nodes; for node actions, the nodes to pick from. */
  nodes?: string[];
  /** Only pods a workload controls (`{kind: DaemonSet, name: node-agent}`); pod actions only. */
  workload?: ChaosWorkloadSelector;
}

export interface ChaosExperimentSpec {
  action: ChaosAction;
  selector?: ChaosSelector;
  mode?: ChaosMode;
  /** The count (fixed) or percentage (fixed-percent) of matching targets to hit. */
  value?: number;
  /** How long a lasting fault (pod-failure, http-fault, node-drain's cordon) lasts, Go duration syntax (`30s`, `1m30s`). */
  duration?: string;
  /** Repeat the experiment this often (`every: 5m`), each run after the previous one ended. */
  schedule?: { every: string };
  /** Select and report the targets in status, touch nothing. */
  dryRun?: boolean;
  /**
   * pod-kill, node-drain: the deletion's grace period; 0 deletes at once (`kubectl delete
   * --grace-period=0 --force`). Absent: each pod's own terminationGracePeriodSeconds.
   */
  gracePeriodSeconds?: number;
  /** node-drain: keep the node cordoned when the duration ends (uncordoned by default). */
  leaveCordoned?: boolean;
  /** container-kill, pod-failure: which containers (all of the pod's when absent). */
  containerNames?: string[];
  /** http-fault: the Service (in the experiment's namespace) whose traffic the proxy disturbs. */
  service?: string;
  /** http-fault: what the proxy does to each request for the Service while the fault lasts. */
  httpFault?: ChaosHttpFault;
  /** store-latency: the delay the apiserver adds to its store (Redis) calls while the fault lasts. */
  storeLatency?: ChaosStoreLatency;
  /** queue-stall: whose work-queue workers stop taking jobs while the fault lasts. */
  queueStall?: ChaosQueueStall;
  /** cpu-stress, memory-stress: the extra load each hit container carries while the fault lasts. */
  stress?: ChaosStress;
  /** component-kill, component-pause: the component whose process is killed or paused. */
  component?: ChaosComponent;
  /** How long after the fault ends the steady state may take to come back before the run fails. */
  recoveryTimeout?: string;
}

/**
 * The components whose queues queue-stall can stall: the controller-manager's work queues
 * (`replicaset`, `deployment`, …), the scheduler's (`scheduler`: it stops taking pods, from the
 * dispatcher's jobs and from its own scheduling queue), a kubelet's node queues (`kubelet-<node>`:
 * the node's pods are not synced).
 */
export const chaosQueueStallComponents = ['controller-manager', 'scheduler', 'kubelet'] as const;
/** The chaos controller's own queue is never stalled: a stalled run could never end. */
export const CHAOS_QUEUE = 'chaos';

export interface ChaosQueueStall {
  component: (typeof chaosQueueStallComponents)[number];
  /** Queue names (`replicaset`, `deployment`, …); every queue of the component but `chaos` when absent. */
  queues?: string[];
}

/** The store operations store-latency can slow (those of orchestra_store_operations_total). */
export const chaosStoreOperations = ['get', 'list', 'create', 'update', 'delete', 'watch'] as const;

export interface ChaosStoreLatency {
  /** Added to each store operation, Go duration syntax (`200ms`). */
  delay: string;
  /** Up to this much more, uniformly at random, per operation. */
  jitter?: string;
  /** Only these operations (all of them when absent). */
  operations?: (typeof chaosStoreOperations)[number][];
}

export interface ChaosStress {
  /** cpu-stress: CPU the container burns on top of its own work, a quantity (`500m`, `2`); throttled at its limit. */
  cpu?: string;
  /** memory-stress: memory it holds on top of its own (`256Mi`); past its limit the OOM killer ends it. */
  memory?: string;
}

export interface ChaosHttpFault {
  /** Added before each request is forwarded, Go duration syntax (`200ms`). */
  delay?: string;
  /** Share of requests answered with `errorCode` instead of being forwarded, 0–100. */
  errorPercent?: number;
  /** The status of those answers; 503 by default. */
  errorCode?: number;
}

export interface ChaosAffectedObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  nodeName?: string;
  containerNames?: string[];
  /** container-kill, pod-failure: the targeted containers' restarts before the run (to see the fault land). */
  restartCount?: number;
}

/** What the steady state of a run is checked against, fixed when it was injected. */
export interface ChaosSteadyState {
  /** `namespace/name` of every Deployment owning a targeted pod: all its desired replicas available. */
  deployments: string[];
  /** `namespace/name` of every StatefulSet owning a targeted pod: all its desired replicas ready. */
  statefulSets?: string[];
  /** `namespace/name` of every DaemonSet owning a targeted pod: a ready pod on every node that should run one. */
  daemonSets?: string[];
  /**
   * Every Job owning a targeted pod, with its active and succeeded pods before the run: as many
   * again (the Job controller replaced the killed pods), or the Job complete.
   */
  jobs?: { key: string; activeAndSucceeded: number }[];
  /** Every Service selecting a targeted pod, with its ready endpoints before the run: as many again. */
  services: { key: string; readyEndpoints: number }[];
  /**
   * store-latency: a GET through the apiserver answers within `boundSeconds` again (its latency
   * just before the run plus half the added delay, so the fault is visibly gone).
   */
  apiserver?: { baselineSeconds: number; boundSeconds: number };
  /** queue-stall: each stalled queue's waiting jobs before the run; drained back to at most that. */
  queues?: { name: string; waitingBefore: number }[];
}

export type ChaosVerdict = 'Passed' | 'Failed' | 'DryRun';

export interface ChaosExperimentStatus {
  phase?: ChaosPhase;
  /** Runs started so far (1 for an unscheduled experiment once it ran). */
  runs?: number;
  lastRunAt?: string;
  /** When the next scheduled run starts. */
  nextRunAt?: string;
  injectedAt?: string;
  /** When the fault stopped acting (injectedAt for an instant fault such as pod-kill). */
  faultEndedAt?: string;
  recoveredAt?: string;
  affected?: ChaosAffectedObject[];
  steadyState?: ChaosSteadyState;
  /** From injection to the cluster first showing the loss (a Deployment short of available replicas, a Service short of ready endpoints). */
  timeToDetectSeconds?: number;
  /** From the fault's end to the steady state holding again. */
  timeToRecoverSeconds?: number;
  verdict?: ChaosVerdict;
  message?: string;
  /** Who asked for the run: the creator recorded at admission, else `unknown`. */
  requestedBy?: string;
  observedGeneration?: number;
}

export interface ChaosExperiment extends TypeMeta {
  metadata: ObjectMeta;
  spec: ChaosExperimentSpec;
  status?: ChaosExperimentStatus;
}
