/**
 * BullMQ's telemetry (bullmq-otel), the carrier of a job's trace context: `Queue.add` opens a
 * PRODUCER span under the active context and stores its W3C context in the job
 * (`opts.telemetry.metadata`); a Worker opens a CONSUMER span under it for each job it processes.
 * Only when this process traces (startTracing found an endpoint): otherwise bullmq-otel is never
 * loaded and queues run as before.
 *
 * Narrowed to the messaging spans, named and attributed after OpenTelemetry's messaging
 * conventions (`messaging.system`, `messaging.destination.name`, `messaging.operation.*`):
 * BullMQ's INTERNAL spans (stalled-job checks, pauses, polls) are background chatter that would
 * start a trace every few seconds per queue. A span with no parent context starts a trace of its
 * own rather than joining whatever AsyncLocalStorage happens to hold.
 */
import { context, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { currentTracing } from '@orchestra/observability/tracing';
import type { AttributeValue, Attributes, ContextManager, Job, Span, SpanOptions, Telemetry } from 'bullmq';

/** bullmq's SpanKind enum, as numbers (OpenTelemetry's values). */
const PRODUCER = 3;
const CONSUMER = 4;

/** BullMQ's own attribute keys, mirrored onto the messaging conventions' ones. */
const messagingKeys: Record<string, string> = {
  'bullmq.queue.name': 'messaging.destination.name',
  'bullmq.job.id': 'messaging.message.id',
  'bullmq.job.bulk.count': 'messaging.batch.message_count',
};

let telemetry: Telemetry<Context> | null | undefined;

/** The telemetry option for this process's Queues and Workers; undefined when it does not trace. */
export function queueTelemetry(): Telemetry<Context> | undefined {
  if (telemetry === undefined) telemetry = currentTracing()?.enabled ? messagingTelemetry() : null;
  return telemetry ?? undefined;
}

/**
 * The W3C traceparent a job carries (its producer span), for consumers that take jobs without
 * BullMQ's processing loop (MultiQueueConsumer's manual workers).
 */
export function jobTraceparent(job: Pick<Job, 'opts'>): string | undefined {
  const metadata = job.opts?.telemetry?.metadata;
  if (!metadata) return undefined;
  try {
    const carrier = JSON.parse(metadata) as { traceparent?: unknown };
    return typeof carrier.traceparent === 'string' ? carrier.traceparent : undefined;
  } catch {
    return undefined;
  }
}

function messagingTelemetry(): Telemetry<Context> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BullMQOtel } = require('bullmq-otel') as typeof import('bullmq-otel');
  const otel = new BullMQOtel({ tracerName: 'bullmq' });
  const contextManager: ContextManager<Context> = {
    getMetadata: (ctx) => otel.contextManager.getMetadata(ctx),
    fromMetadata: (active, metadata) => otel.contextManager.fromMetadata(active, metadata),
    with: (ctx, fn) => otel.contextManager.with(ctx, fn),
    active: () => otel.contextManager.active(),
    // BullMQ detaches its background loops (the stalled-job checker) with this.
    root: () => ROOT_CONTEXT,
  };
  return {
    contextManager,
    tracer: {
      startSpan(name: string, options?: SpanOptions, parent?: Context): Span<Context> {
        const kind = options?.kind;
        if (kind !== PRODUCER && kind !== CONSUMER) return untraced;
        // A producer adds under the active context (WorkQueue sets it to the change's); a
        // consumer of a job that carried none starts a trace of its own.
        const span = otel.tracer.startSpan(
          name,
          { kind },
          parent ?? (kind === CONSUMER ? ROOT_CONTEXT : context.active()),
        );
        const space = name.indexOf(' ');
        span.setAttributes({
          'messaging.system': 'bullmq',
          'messaging.operation.type': kind === PRODUCER ? 'send' : 'process',
          'messaging.operation.name': space < 0 ? name : name.slice(0, space),
        });
        return withMessagingAttributes(span);
      },
    },
  };
}

/** BullMQ's span, with its queue and job attributes also under the messaging conventions' keys. */
function withMessagingAttributes(span: Span<Context>): Span<Context> {
  const setAttributes = (attributes: Attributes) => {
    const mirrored: Attributes = { ...attributes };
    for (const [key, value] of Object.entries(attributes)) {
      const messaging = messagingKeys[key];
      if (messaging && value !== undefined) mirrored[messaging] = value;
    }
    span.setAttributes(mirrored);
  };
  return {
    setSpanOnContext: (ctx) => span.setSpanOnContext(ctx),
    setAttribute: (key: string, value: AttributeValue) => setAttributes({ [key]: value }),
    setAttributes,
    addEvent: (name, attributes) => span.addEvent(name, attributes),
    recordException: (exception, time) => span.recordException(exception, time),
    end: () => span.end(),
  };
}

/** What BullMQ gets for the operations that are not traced: the context stays as it was. */
const untraced: Span<Context> = {
  setSpanOnContext: (ctx) => ctx,
  setAttribute: () => undefined,
  setAttributes: () => undefined,
  addEvent: () => undefined,
  recordException: () => undefined,
  end: () => undefined,
};
