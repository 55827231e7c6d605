/**
 * The scale-up decision (cluster-autoscaler's ScaleUp, for one node group): pods the scheduler
 * marked Unschedulable that would not fit the room left on the nodes there are, but would fit a
 * new node of the group, are packed first-fit onto as many new nodes as they need, up to the
 * group's maximum. Pure: the loop hands in what its caches and the cloud say.
 */
import type { Pod } from '@orchestra/api';
import type { NodeGroupTemplate } from '../cloud/cloud-provider';
import { capacityRoom, fits, minus, podRequests, type Room } from './node-room';

export interface ScaleUpInput {
  /** Pending pods whose PodScheduled condition is False with reason Unschedulable. */
  unschedulable: Pod[];
  /** The room left on each node the scheduler can place pods on (Ready, not cordoned). */
  existing: Room[];
  template: NodeGroupTemplate;
  /** Instances the group has, and the most it may have. */
  groupSize: number;
  maxSize: number;
  /** Instances launched whose Node is not Ready yet: a scale-up is still under way. */
  upcoming: number;
}

export type NoScaleUpReason =
  | 'no-unschedulable-pods'
  | 'scale-up-in-progress'
  | 'pods-fit-existing-nodes'
  | 'no-pod-fits-a-new-node'
  | 'max-size-reached';

export type ScaleUpDecision =
  | { scaleUp: false; reason: NoScaleUpReason }
  | {
      scaleUp: true;
      /** New nodes to launch. */
      nodes: number;
      /** The pods this scale-up is for (TriggeredScaleUp events). */
      pods: Pod[];
      /** Pods that need more nodes than the group's maximum allows. */
      leftOver: Pod[];
    };

/** Whether a pod's nodeSelector is satisfied by the group's node labels. */
function selectorMatches(pod: Pod, labels: Record<string, string>): boolean {
  return Object.entries(pod.spec.nodeSelector ?? {}).every(([key, value]) => labels[key] === value);
}

export function planScaleUp(input: ScaleUpInput): ScaleUpDecision {
  if (input.unschedulable.length === 0) return { scaleUp: false, reason: 'no-unschedulable-pods' };
  // One scale-up at a time: the nodes already asked for may be enough once they are Ready.
  if (input.upcoming > 0) return { scaleUp: false, reason: 'scale-up-in-progress' };
  const existing = input.existing.map((room) => ({ ...room }));
  const newNodeRoom = capacityRoom(input.template.capacity);
  const newNodes: Room[] = [];
  const helped: Pod[] = [];
  const leftOver: Pod[] = [];
  let fitExisting = 0;
  let fitTemplate = 0;
  // Biggest first, as first-fit-decreasing packs tighter.
  const pods = [...input.unschedulable].sort((a, b) => podRequests(b).milliCpu - podRequests(a).milliCpu);
  for (const pod of pods) {
    const request = podRequests(pod);
    const onExisting = existing.findIndex((room) => fits(request, room));
    if (onExisting >= 0) {
      // The scheduler will place it once it retries: no new node for this one.
      existing[onExisting] = minus(existing[onExisting], request);
      fitExisting++;
      continue;
    }
    if (!fits(request, newNodeRoom) || !selectorMatches(pod, input.template.labels)) continue;
    fitTemplate++;
    const onNew = newNodes.findIndex((room) => fits(request, room));
    if (onNew >= 0) {
      newNodes[onNew] = minus(newNodes[onNew], request);
      helped.push(pod);
    } else if (input.groupSize + newNodes.length < input.maxSize) {
      newNodes.push(minus(newNodeRoom, request));
      helped.push(pod);
    } else {
      leftOver.push(pod);
    }
  }
  if (newNodes.length > 0) return { scaleUp: true, nodes: newNodes.length, pods: helped, leftOver };
  if (leftOver.length > 0) return { scaleUp: false, reason: 'max-size-reached' };
  if (fitTemplate === 0 && fitExisting === 0) return { scaleUp: false, reason: 'no-pod-fits-a-new-node' };
  return { scaleUp: false, reason: 'pods-fit-existing-nodes' };
}
