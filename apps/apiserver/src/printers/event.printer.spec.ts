import { Event } from '@orchestra/api';
import { eventPrinter } from './event.printer';

const now = new Date('2026-01-10T12:00:00Z');

describe('eventPrinter', () => {
  const event: Event = {
    metadata: { name: 'web-7d9c.181a2b3c4d5e6f70', namespace: 'default' },
    involvedObject: {
      kind: 'Pod',
      name: 'web-7d9c',
      namespace: 'default',
      fieldPath: 'spec.containers{sidecar}',
    },
    reason: 'BackOff',
    message: 'Back-off restarting failed container sidecar\n',
    source: { component: 'kubelet', host: 'worker-1' },
    firstTimestamp: '2026-01-10T11:50:00Z',
    lastTimestamp: '2026-01-10T11:59:30Z',
    count: 7,
    type: 'Warning',
  };

  it('prints LAST SEEN, TYPE, REASON, OBJECT as kind/name and the wide columns', () => {
    expect(eventPrinter.print(event, now).cells).toEqual([
      '30s',
      'Warning',
      'BackOff',
      'pod/web-7d9c',
      'spec.containers{sidecar}',
      'kubelet, worker-1',
      'Back-off restarting failed container sidecar',
      '10m',
      7,
      'web-7d9c.181a2b3c4d5e6f70',
    ]);
  });

  it('falls back to eventTime and reporting fields for events.k8s.io-style events', () => {
    const modern: Event = {
      metadata: { name: 'e' },
      involvedObject: { kind: 'Node', name: 'worker-1' },
      eventTime: '2026-01-10T11:58:00Z',
      reportingComponent: 'orchestra-scheduler',
      type: 'Normal',
    };
    const [last, , , object, , source, , first, count] = eventPrinter.print(modern, now).cells;
    expect([last, object, source, first, count]).toEqual([
      '2m',
      'node/worker-1',
      'orchestra-scheduler',
      '2m',
      1,
    ]);
  });

  it('orders columns as kubectl get events shows them', () => {
    expect(eventPrinter.columns.filter((c) => c.priority === 0).map((c) => c.name)).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Message',
    ]);
  });
});
