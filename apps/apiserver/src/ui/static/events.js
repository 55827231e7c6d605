// The Events stream, newest first. Only the newest rows are drawn: a busy cluster makes
// thousands of Events an hour, and a long table would slow every repaint.
import { clock, h } from './dom.js';

export const maxEventRows = 100;

/** When it last happened: Events carry one of these depending on who wrote them. */
export function eventTime(e) {
  return e.lastTimestamp || e.eventTime || e.firstTimestamp || e.metadata.creationTimestamp || '';
}

export function renderEvents(tbody, events) {
  const newest = events.sort((a, b) => eventTime(b).localeCompare(eventTime(a))).slice(0, maxEventRows);
  tbody.replaceChildren(
    ...newest.map((e) => {
      const o = e.involvedObject ?? {};
      return h(
        'tr',
        { class: e.type === 'Warning' ? 'warning' : '' },
        h('td', {}, clock(eventTime(e))),
        h('td', {}, e.type ?? ''),
        h('td', {}, e.reason ?? ''),
        h('td', {}, `${o.kind ?? ''}/${o.name ?? ''}`),
        h('td', {}, `${e.message ?? ''}${e.count > 1 ? ` (×${e.count})` : ''}`),
      );
    }),
  );
}
