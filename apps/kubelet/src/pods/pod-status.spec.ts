import type { ContainerStatus, Pod } from '@orchestra/api';
import { podPhase } from './pod-status';

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
