import type { ContainerStatus, Pod, PodStatus } from '@orchestra/api';
import { apiStatusDiffers, podPhase, sameStatus } from './pod-status';

const pod = (restartPolicy?: 'Always' | 'OnFailure' | 'Never'): Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [], restartPolicy },
});
const running: ContainerStatus = {
  name: 'a',
  ready: true,
  restartCount: 0,
  image: '',
  imageID: '',
  state: { running: {} },
};
const waiting: ContainerStatus = { ...running, state: { waiting: { reason: 'ContainerCreating' } } };
const exited = (exitCode: number): ContainerStatus => ({ ...running, state: { terminated: { exitCode } } });
const backingOff: ContainerStatus = {
  ...running,
  state: { waiting: { reason: 'CrashLoopBackOff' } },
  lastState: { terminated: { exitCode: 1 } },
};

describe(podPhase.name, () => {
  it.each([
    ['a container still being created', undefined, [running, waiting], 'Pending'],
    ['all running', undefined, [running], 'Running'],
    ['crash-looping under Always (it has run)', 'Always', [backingOff], 'Running'],
    ['exited 0 under Always (it will restart)', 'Always', [exited(0)], 'Running'],
    ['all exited 0 under OnFailure', 'OnFailure', [exited(0), exited(0)], 'Succeeded'],
    ['one failed under OnFailure (it will restart)', 'OnFailure', [exited(0), exited(1)], 'Running'],
    ['one failed under Never', 'Never', [exited(0), exited(2)], 'Failed'],
    ['all exited 0 under Never', 'Never', [exited(0)], 'Succeeded'],
    ['one still running under Never', 'Never', [running, exited(1)], 'Running'],
  ] as const)('%s → %s', (_what, policy, statuses, phase) => {
    expect(podPhase(pod(policy), [...statuses])).toBe(phase);
  });
});

describe('sameStatus', () => {
  const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], podIP: '10.244.1.2' };

  it('ignores key order and undefined fields, as the JSON on the wire would', () => {
    const reordered = {
      podIP: '10.244.1.2',
      conditions: [{ status: 'True', type: 'Ready' }],
      phase: 'Running',
    };
    expect(sameStatus(status as never, reordered as never)).toBe(true);
    expect(sameStatus(status as never, { ...status, message: undefined } as never)).toBe(true);
    expect(sameStatus(undefined, undefined)).toBe(true);
  });

  it('sees a changed value, a missing field, and array order', () => {
    expect(sameStatus(status as never, { ...status, phase: 'Failed' } as never)).toBe(false);
    const { podIP: _gone, ...withoutIp } = status;
    expect(sameStatus(status as never, withoutIp as never)).toBe(false);
    const twoConditions = [
      { type: 'Ready', status: 'True' },
      { type: 'Initialized', status: 'True' },
    ];
    expect(
      sameStatus(
        { ...status, conditions: twoConditions } as never,
        {
          ...status,
          conditions: [...twoConditions].reverse(),
        } as never,
      ),
    ).toBe(false);
    expect(sameStatus(status as never, undefined)).toBe(false);
  });
});

describe(apiStatusDiffers.name, () => {
  const own: PodStatus = {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'ContainersReady', status: 'True' },
    ],
  };
  it("sees the node lifecycle controller's Ready=False on a pod the kubelet still runs Ready", () => {
    const marked: PodStatus = {
      ...own,
      conditions: [
        { type: 'Ready', status: 'False', reason: 'NodeNotReady' },
        { type: 'ContainersReady', status: 'True' },
      ],
    };
    expect(apiStatusDiffers(own, marked)).toBe(true);
  });
  it('is quiet when the phase and every condition the kubelet reports agree (other fields may differ)', () => {
    const api: PodStatus = {
      ...own,
      podIP: '10.244.1.2',
      conditions: [...own.conditions!, { type: 'PodScheduled', status: 'True' }],
    };
    expect(apiStatusDiffers(own, api)).toBe(false);
    expect(apiStatusDiffers(own, { ...api, phase: 'Pending' })).toBe(true);
    expect(apiStatusDiffers(own, undefined)).toBe(true);
  });
});
