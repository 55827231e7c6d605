import { Pod } from '@orchestra/api';
import { podPrinter } from './pod.printer';

const now = new Date('2026-01-10T12:00:00Z');

const basePod = (over: Partial<Pod> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-7d9c', namespace: 'default', creationTimestamp: '2026-01-10T10:00:00Z' },
  spec: {
    containers: [
      { name: 'app', image: 'nginx:1.27' },
      { name: 'sidecar', image: 'busybox' },
    ],
    nodeName: 'worker-1',
  },
  ...over,
});

const running = (name: string) => ({
  name,
  ready: true,
  restartCount: 0,
  image: 'x',
  imageID: '',
  state: { running: { startedAt: '2026-01-10T10:00:05Z' } },
});

describe('podPrinter', () => {
  it('shows CrashLoopBackOff, 1/2 ready and the restarts with the time of the last one', () => {
    const pod = basePod({
      status: {
        phase: 'Running',
        podIP: '10.244.1.7',
        containerStatuses: [
          running('app'),
          {
            name: 'sidecar',
            ready: false,
            restartCount: 3,
            image: 'busybox',
            imageID: '',
            state: {
              waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' },
            },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-10T11:55:00Z' } },
          },
        ],
      },
    });
    expect(podPrinter.print(pod, now).cells).toEqual([
      'web-7d9c',
      '1/2',
      'CrashLoopBackOff',
      '3 (5m ago)',
      '120m',
      '10.244.1.7',
      'worker-1',
      '<none>',
      '<none>',
    ]);
  });

  it('says Terminating once the pod has a deletionTimestamp', () => {
    const pod = basePod({
      metadata: {
        name: 'old',
        creationTimestamp: '2026-01-08T09:00:00Z',
        deletionTimestamp: '2026-01-10T11:59:30Z',
      },
      status: { phase: 'Running', containerStatuses: [running('app'), running('sidecar')] },
    });
    const [, ready, status, restarts, age] = podPrinter.print(pod, now).cells;
    expect([ready, status, restarts, age]).toEqual(['2/2', 'Terminating', '0', '2d3h']);
  });

  it('shows ContainerCreating and Pending as Kubernetes does', () => {
    const creating = basePod({
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 0,
            image: '',
            imageID: '',
            state: { waiting: { reason: 'ContainerCreating' } },
          },
        ],
      },
    });
    expect(podPrinter.print(creating, now).cells[2]).toBe('ContainerCreating');
    expect(podPrinter.print(basePod({ status: { phase: 'Pending' } }), now).cells.slice(1, 3)).toEqual([
      '0/2',
      'Pending',
    ]);
  });

  it('reports init progress and terminated reasons', () => {
    const initializing = basePod({
      spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'migrate' }, { name: 'warm' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'migrate',
            ready: false,
            restartCount: 0,
            image: '',
            imageID: '',
            state: { terminated: { exitCode: 0 } },
          },
          { name: 'warm', ready: false, restartCount: 0, image: '', imageID: '', state: { running: {} } },
        ],
      },
    });
    expect(podPrinter.print(initializing, now).cells[2]).toBe('Init:1/2');
    const failed = basePod({
      status: {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 0,
            image: '',
            imageID: '',
            state: { terminated: { exitCode: 137 } },
          },
        ],
      },
    });
    const row = podPrinter.print(failed, now);
    expect(row.cells[2]).toBe('ExitCode:137');
    expect(row.conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
  });

  it('has the columns and priorities of kubectl get pods', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
    expect(podPrinter.columns[0]!.format).toBe('name');
  });
});
