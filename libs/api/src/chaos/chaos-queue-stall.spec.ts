import { formatFieldError } from '../errors';
import { ChaosExperiment } from './chaos.types';
import { activeQueueStall, queueStallsFor } from './chaos-queue-stall';
import { validateChaosExperiment } from './chaos-experiment.validation';

const t = Date.parse('2026-11-24T10:00:00.000Z');
const experiment = (phase: string, extra: Partial<ChaosExperiment['spec']> = {}): ChaosExperiment => ({
  metadata: { namespace: 'demo', name: 'stall-rs' },
  spec: {
    action: 'queue-stall',
    duration: '10s',
    queueStall: { component: 'controller-manager', queues: ['replicaset'] },
    ...extra,
  },
  status: { phase: phase as never, injectedAt: '2026-11-24T10:00:00.000Z' },
});

describe(activeQueueStall.name, () => {
  it('is in force while Injected, from injectedAt to injectedAt + duration, never past it', () => {
    expect(activeQueueStall(experiment('Injected'), t + 1)).toEqual({
      experiment: 'demo/stall-rs',
      component: 'controller-manager',
      queues: ['replicaset'],
      until: t + 10_000,
    });
    expect(activeQueueStall(experiment('Injected'), t + 10_000)).toBeUndefined();
    expect(activeQueueStall(experiment('Injected'), t - 1)).toBeUndefined();
    for (const phase of ['Pending', 'Injecting', 'Recovering', 'Recovered', 'Failed'])
      expect(activeQueueStall(experiment(phase), t + 1)).toBeUndefined();
    expect(activeQueueStall(experiment('Injected', { dryRun: true }), t + 1)).toBeUndefined();
  });

  it('picks the stalls of one component', () => {
    expect(queueStallsFor('controller-manager', [experiment('Injected')], t + 1)).toHaveLength(1);
    expect(queueStallsFor('scheduler', [experiment('Injected')], t + 1)).toEqual([]);
  });
});

describe('queue-stall validation', () => {
  const messages = (spec: Record<string, unknown>) =>
    validateChaosExperiment({ metadata: { name: 'x', namespace: 'demo' }, spec }).map(formatFieldError);

  it('accepts a component and its queues', () => {
    expect(
      messages({
        action: 'queue-stall',
        queueStall: { component: 'controller-manager', queues: ['replicaset'] },
      }),
    ).toEqual([]);
    expect(messages({ action: 'queue-stall', queueStall: { component: 'scheduler' } })).toEqual([]);
    expect(
      messages({ action: 'queue-stall', queueStall: { component: 'kubelet', queues: ['kubelet-node-2'] } }),
    ).toEqual([]);
  });

  it("names a queue that is not the component's", () => {
    expect(
      messages({ action: 'queue-stall', queueStall: { component: 'scheduler', queues: ['replicaset'] } }),
    ).toEqual(['spec.queueStall.queues[0]: Unsupported value: "replicaset": supported values: "scheduler"']);
    expect(
      messages({ action: 'queue-stall', queueStall: { component: 'kubelet', queues: ['node-2'] } }),
    ).toEqual([
      `spec.queueStall.queues[0]: Invalid value: "node-2": a kubelet's queues are kubelet-<node name>`,
    ]);
  });

  it('refuses the chaos queue, naming the field, and names every other bad field', () => {
    expect(
      messages({
        action: 'queue-stall',
        duration: '0s',
        queueStall: { component: 'etcd', queues: ['replicaset', 'chaos'] },
      }),
    ).toEqual([
      'spec.duration: Invalid value: "0s": queue-stall must last longer than 0s',
      'spec.queueStall.component: Unsupported value: "etcd": supported values: "controller-manager", "scheduler", "kubelet"',
      "spec.queueStall.queues[1]: Forbidden: the chaos controller's own queue is never stalled: the run could never end",
    ]);
    expect(messages({ action: 'queue-stall' })).toEqual(['spec.queueStall: Required value']);
    expect(messages({ action: 'queue-stall', queueStall: {} })).toEqual([
      'spec.queueStall.component: Required value',
    ]);
    expect(messages({ action: 'pod-kill', queueStall: { component: 'controller-manager' } })).toEqual([
      'spec.queueStall: Forbidden: only applies to action queue-stall',
    ]);
  });
});
