/** Builders for scheduler unit tests (Jest-only; excluded from the build as every test/ folder). */
import type { Node, Pod, PodSpec, Taint } from '@orchestra/api';
import { Snapshot } from '../../cache/snapshot';
import { SchedulerCache } from '../../cache/scheduler-cache';
import { CycleState } from '../cycle-state';
import { NodeInfo } from '../node-info';
import { PodInfo } from '../pod-info';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `node-${name}`, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' } },
  };
}

export interface PodOptions extends Partial<PodSpec> {
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  namespace?: string;
  uid?: string;
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const { cpu, memory, labels, namespace, uid, ...spec } = o;
  const requests: Record<string, string> = {};
  if (cpu) requests.cpu = cpu;
  if (memory) requests.memory = memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: namespace ?? 'default', uid: uid ?? `uid-${name}`, labels },
    spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests } }], ...spec },
  };
}

/** A NodeInfo with these pods bound to it. */
export function nodeInfoOf(node: Node, pods: Pod[] = []): NodeInfo {
  const info = new NodeInfo(node);
  for (const p of pods) info.addPod(new PodInfo(p));
  return info;
}

/** A cache and an up-to-date snapshot of these nodes and bound pods. */
export function clusterOf(nodes: Node[], pods: Pod[] = []): { cache: SchedulerCache; snapshot: Snapshot } {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(n);
  for (const p of pods) cache.addPod(p);
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  return { cache, snapshot };
}

export const stateOf = (snapshot: Snapshot): CycleState => new CycleState(snapshot);

/** Binds a pod object to a node (what the informer would show after the binding). */
export const bound = (pod: Pod, nodeName: string): Pod => ({ ...pod, spec: { ...pod.spec, nodeName } });
