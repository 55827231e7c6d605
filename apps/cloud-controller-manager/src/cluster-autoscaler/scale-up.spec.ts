import type { Pod } from '@orchestra/api';
import { capacityRoom } from './node-room';
import { planScaleUp, type ScaleUpInput } from './scale-up';

const pod = (name: string, cpu: string, memory = '100Mi', nodeSelector?: Record<string, string>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    containers: [{ name: 'app', image: 'web', resources: { requests: { cpu, memory } } }],
    ...(nodeSelector ? { nodeSelector } : {}),
  },
});

const template = {
  labels: { 'node.kubernetes.io/instance-type': 'orchestra-standard-2' },
  capacity: { cpu: '2', memory: '4Gi', pods: '110' },
};

const input = (overrides: Partial<ScaleUpInput>): ScaleUpInput => ({
  unschedulable: [],
  existing: [],
  template,
  groupSize: 0,
  maxSize: 3,
  upcoming: 0,
  ...overrides,
});

describe(planScaleUp.name, () => {
  it('adds one node for pods that fit a new node together', () => {
    const decision = planScaleUp(input({ unschedulable: [pod('a', '800m'), pod('b', '800m')] }));
    expect(decision).toMatchObject({ scaleUp: true, nodes: 1 });
    expect(decision.scaleUp && decision.pods.map((p) => p.metadata.name).sort()).toEqual(['a', 'b']);
  });

  it('adds as many nodes as first-fit packing needs, up to the maximum size', () => {
    const pods = ['a', 'b', 'c', 'd'].map((n) => pod(n, '1500m'));
    expect(planScaleUp(input({ unschedulable: pods }))).toMatchObject({ scaleUp: true, nodes: 3 });
    const capped = planScaleUp(input({ unschedulable: pods, groupSize: 1 }));
    expect(capped).toMatchObject({ scaleUp: true, nodes: 2 });
    expect(capped.scaleUp && capped.leftOver).toHaveLength(2);
  });

  it('does nothing while an earlier scale-up has nodes still coming', () => {
    expect(planScaleUp(input({ unschedulable: [pod('a', '1')], groupSize: 1, upcoming: 1 }))).toEqual({
      scaleUp: false,
      reason: 'scale-up-in-progress',
    });
  });

  it('does nothing for pods the room on existing nodes already takes', () => {
    const existing = [capacityRoom({ cpu: '1', memory: '1Gi', pods: '10' })];
    expect(planScaleUp(input({ unschedulable: [pod('a', '500m')], existing }))).toEqual({
      scaleUp: false,
      reason: 'pods-fit-existing-nodes',
    });
  });

  it('counts the room existing nodes give up to earlier pods of the same round', () => {
    const existing = [capacityRoom({ cpu: '1', memory: '1Gi', pods: '10' })];
    const decision = planScaleUp(input({ unschedulable: [pod('a', '700m'), pod('b', '700m')], existing }));
    expect(decision).toMatchObject({ scaleUp: true, nodes: 1 });
    expect(decision.scaleUp && decision.pods).toHaveLength(1);
  });

  it('does not scale up for a pod no new node could hold', () => {
    expect(planScaleUp(input({ unschedulable: [pod('huge', '8')] }))).toEqual({
      scaleUp: false,
      reason: 'no-pod-fits-a-new-node',
    });
    expect(planScaleUp(input({ unschedulable: [pod('gpu', '1', '1Gi', { accelerator: 'gpu' })] }))).toEqual({
      scaleUp: false,
      reason: 'no-pod-fits-a-new-node',
    });
  });

  it('says the group is at its maximum when it is', () => {
    expect(planScaleUp(input({ unschedulable: [pod('a', '1')], groupSize: 3 }))).toEqual({
      scaleUp: false,
      reason: 'max-size-reached',
    });
  });

  it('does nothing without unschedulable pods', () => {
    expect(planScaleUp(input({}))).toEqual({ scaleUp: false, reason: 'no-unschedulable-pods' });
  });
});
