/**
 * `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE (+ SUBOBJECT SOURCE FIRST SEEN COUNT
 * NAME). OBJECT is `kind/name` with the kind lower-cased, as kubectl shows it.
 */
import { Event } from '@orchestra/api';
import { since } from './human-duration';
import { column, NAME_COLUMN, Printer, wide } from './printer';

// events.k8s.io-style fields some reporters set on core/v1 Events.
type EventWithSeries = Event & {
  series?: { count?: number; lastObservedTime?: string };
  reportingController?: string;
};

function source(e: EventWithSeries): string {
  const component = e.source?.component || e.reportingController || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: Printer<EventWithSeries> = {
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'string', 'The object that this event is about.'),
    wide(
      'Subobject',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
    ),
    wide('Source', 'The component reporting this event. Should be a short machine understandable string.'),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    wide(
      'First Seen',
      'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
    ),
    wide('Count', 'The number of times this event has occurred.'),
    { ...NAME_COLUMN, priority: 1 },
  ],
  print(e, now) {
    const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
    let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
    let count = e.count || 1; // singleton events of the new API carry no count
    if (e.series) {
      last = since(e.series.lastObservedTime, now);
      count = e.series.count ?? count;
    }
    const kind = (e.involvedObject.kind ?? '').toLowerCase();
    const target = e.involvedObject.name ? `${kind}/${e.involvedObject.name}` : kind;
    return {
      cells: [
        last,
        e.type ?? '',
        e.reason ?? '',
        target,
        e.involvedObject.fieldPath ?? '',
        source(e),
        (e.message ?? '').trim(),
        first,
        count,
        e.metadata.name ?? '',
      ],
    };
  },
};
