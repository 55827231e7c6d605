/**
 * Tracing inside a jest test file, as startTracing sets it up in a component (AsyncLocalStorage
 * context, W3C propagation, and the process marked as tracing so queues load bullmq-otel), with
 * the finished spans kept in memory. Call before creating any queue of the file.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { setCurrentTracing } from '@orchestra/observability/tracing';

export interface InProcessTracing {
  spans(): ReadableSpan[];
  /** The span of `spanId`, if it has ended. */
  span(spanId: string): ReadableSpan | undefined;
  /** The parent span id of `span`, if any. */
  parentOf(span: ReadableSpan): string | undefined;
  reset(): void;
}

export function startInProcessTracing(): InProcessTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  setCurrentTracing({ enabled: true, shutdown: () => provider.shutdown() });
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
  return {
    spans: () => exporter.getFinishedSpans(),
    span: (spanId) => exporter.getFinishedSpans().find((s) => s.spanContext().spanId === spanId),
    parentOf,
    reset: () => exporter.reset(),
  };
}

/** A made-up traceparent of a change: its own trace id, `n` in the last digits. */
export function testTraceparent(n: number): string {
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');
  return `00-${hex(0xabc, 20)}${hex(n, 12)}-${hex(n + 1, 16)}-01`;
}

/** The trace id of a traceparent. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.split('-')[1];
}
