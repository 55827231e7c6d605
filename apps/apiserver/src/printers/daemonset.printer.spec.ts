import { DaemonSet } from '@orchestra/api';
import { daemonSetPrinter } from './daemonset.printer';

const now = new Date('2026-01-10T12:00:00Z');

describe('daemonSetPrinter', () => {
  it('prints the columns of kubectl get ds (1.32)', () => {
    const ds: DaemonSet = {
      metadata: { name: 'agent', creationTimestamp: '2026-01-10T11:55:00Z' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { nodeSelector: { role: 'worker' }, containers: [{ name: 'agent', image: 'agent:1' }] },
        },
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 1,
        numberAvailable: 2,
        numberMisscheduled: 0,
      },
    };
    expect(daemonSetPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Up-to-date',
      'Available',
      'Node Selector',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(daemonSetPrinter.print(ds, now).cells).toEqual([
      'agent',
      3,
      3,
      2,
      1,
      2,
      'role=worker',
      '5m',
      'agent',
      'agent:1',
      'app=agent',
    ]);
    expect(
      daemonSetPrinter.print({ ...ds, spec: { ...ds.spec, template: { spec: { containers: [] } } } }, now)
        .cells[6],
    ).toBe('<none>');
  });
});
