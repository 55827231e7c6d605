/**
 * The W3C trace context that travels with a change: the apiserver stores the active span's
 * `traceparent` with each change-log entry, the dispatcher copies it onto the jobs, and whoever
 * takes a job (a controller's reconcile, the scheduler's binding, a kubelet's pod sync) works in
 * a span under it. Its own requests to the apiserver carry the context on (the HTTP
 * instrumentation injects it), so one `kubectl apply` becomes one trace across components.
 *
 * Only `@opentelemetry/api`: with tracing off these are no-ops (non-recording spans).
 */
import {
  type Attributes,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

const tracer = () => trace.getTracer('orchestra');

/** The active span's `traceparent` (`00-<trace>-<span>-<flags>`), if there is a valid one. */
export function activeTraceparent(): string | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  if (!span || !isSpanContextValid(span)) return undefined;
  return `00-${span.traceId}-${span.spanId}-${span.traceFlags.toString(16).padStart(2, '0')}`;
}

/**
 * Runs `work` in a new span whose parent is `traceparent` (the change that caused the work);
 * without one the span starts a trace of its own (a resync, a timer), never joining whatever
 * happened to be active. The span ends when `work` settles; a rejection is recorded on it.
 */
export function inSpanOf<T>(
  traceparent: string | undefined,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
  return tracer().startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}
