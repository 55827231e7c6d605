import { types } from 'node:util';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { createLogger as createWinstonLogger, format, transports, type Logger } from 'winston';
import { oneOf, readEnv } from './component-config';

export type { Logger } from 'winston';

/** winston's npm levels that make sense for a control plane, most severe first. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'verbose', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  return readEnv({ LOG_LEVEL: oneOf(LOG_LEVELS, { default: 'info' }) }, env).LOG_LEVEL;
}

export interface LoggerOptions {
  component: string;
  level?: LogLevel;
  /** Where JSON lines go; stdout unless a test captures them. */
  stream?: NodeJS.WritableStream;
}

/**
 * One JSON object per line: `time`, `level`, `component`, `message` first, then the structured
 * context (`object: {kind, namespace, name}`, `error`), and `trace_id`/`span_id` of the active span
 * when tracing is on (so a log line leads to its trace).
 *
 *   logger.info('pod bound', { object: objectRef(pod), node: 'node-1' });
 */
export function createLogger(options: LoggerOptions): Logger {
  return createWinstonLogger({
    level: options.level ?? logLevelFromEnv(),
    defaultMeta: { component: options.component },
    format: format.combine(
      format.errors({ stack: true }),
      orchestraFields(),
      format.json({ deterministic: false }),
    ),
    transports: [new transports.Stream({ stream: options.stream ?? process.stdout })],
  });
}

/** Stamps `time` and orders the keys for people reading logs (and Loki's line view). */
const orchestraFields = format((info) => {
  const { level, message, component, stack, ...context } = info;
  const fields: Record<string | symbol, unknown> = {
    time: new Date().toISOString(),
    level,
    component,
    message,
  };
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    fields.trace_id = span.traceId;
    fields.span_id = span.spanId;
  }
  for (const [key, value] of Object.entries(context)) fields[key] = serializeError(value);
  if (stack !== undefined) fields.stack = stack;
  // winston's transports filter on its symbol keys (level, splat): carry them over.
  for (const symbol of Object.getOwnPropertySymbols(info)) fields[symbol] = info[symbol];
  return fields as typeof info;
});

/** Errors serialize to `{}` in JSON; keep what a reader needs (with `code`, `errno`, … if any). */
function serializeError(value: unknown): unknown {
  // isNativeError also sees errors from another realm (Node core under Jest's sandbox).
  if (!(value instanceof Error) && !types.isNativeError(value)) return value;
  const { name, message, stack, ...extra } = value as Error & Record<string, unknown>;
  return { name, message, ...extra, stack };
}
