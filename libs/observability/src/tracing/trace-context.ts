/**
 * The W3C trace context that travels with a change: the apiserver stores the active span's
 * `traceparent` with each change-log entry; the dispatcher adds its jobs under it, and the
 * informers hand it to their event handlers with the change (see the watch's opt-in), so whoever
 * takes the work (a controller's reconcile, the scheduler's binding, a kubelet's pod sync) works
 * in a span under it. Its own requests to the apiserver carry the context on, so one
 * `kubectl apply` becomes one trace across components.
 *
 * Work with no cause (a resync, a timer, a probe) starts a trace of its own: these helpers never
 * join whatever context happens to be active, as AsyncLocalStorage hands a span's context to
 * every timer and promise created inside it, long after the span ended.
 *
 * Only `@opentelemetry/api`: with tracing off these are no-ops (non-recording spans).
 */
import {
  type Attributes,
  context,
  type Context,
  isSpanContextValid,
  type Link,
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

/** The context `traceparent` names; the empty root context without one. */
export function traceContextOf(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/**
 * Runs `fn` with `traceparent`'s context active (the root context without one): what it starts,
 * e.g. a queue add and its producer span, belongs to that change and to nothing else.
 */
export function withTraceparent<T>(traceparent: string | undefined, fn: () => T): T {
  return context.with(traceContextOf(traceparent), fn);
}

/**
 * Runs `fn` outside any trace: for starting background work (probers, timers) from inside a
 * span, so that what it does later starts traces of its own instead of growing this one.
 */
export function detachedFromTrace<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, fn);
}

export interface SpanOptions {
  /** INTERNAL unless said (CONSUMER for a queue's job). */
  kind?: SpanKind;
  /**
   * Related work in other traces, as span links: what led to this work without causing it
   * (the pod sync that started the prober whose result this sync reports).
   */
  linkedTo?: (string | undefined)[];
}

/**
 * Runs `work` in a new span whose parent is `traceparent` (the change that caused the work);
 * without one the span starts a trace of its own. The span ends when `work` settles; a rejection
 * is recorded on it.
 */
export function inSpanOf<T>(
  traceparent: string | undefined,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  { kind = SpanKind.INTERNAL, linkedTo = [] }: SpanOptions = {},
): Promise<T> {
  const links = linkedTo.flatMap((tp) => {
    const linked = tp ? trace.getSpanContext(traceContextOf(tp)) : undefined;
    return linked ? [{ context: linked }] : [];
  });
  return inSpan(traceContextOf(traceparent), name, kind, attributes, work, links);
}

/** Runs `work` in a span under the active one: a step of the work it is part of. */
export function inChildSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return inSpan(context.active(), name, SpanKind.INTERNAL, attributes, work);
}

function inSpan<T>(
  parent: Context,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  links: Link[] = [],
): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes, links }, parent, async (span) => {
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

/** `namespace/name` (or `name`) as the OpenTelemetry k8s attributes of its object. */
export function k8sObjectAttributes(key: string, nameAttribute: string): Attributes {
  const slash = key.indexOf('/');
  if (slash < 0) return { [nameAttribute]: key };
  return { 'k8s.namespace.name': key.slice(0, slash), [nameAttribute]: key.slice(slash + 1) };
}

/**
 * The request header with which an Orchestra client asks a watch for the trace context of each
 * change (a `traceparent` field beside `type` and `object`). Real Kubernetes clients never send
 * it, so they get exactly Kubernetes' watch events.
 */
export const watchTraceContextHeader = 'orchestra-watch-trace-context';
