/**
 * OpenTelemetry for a component: the NodeSDK with the HTTP, ioredis and NestJS instrumentations,
 * exporting spans over OTLP/HTTP as the standard `OTEL_*` variables say
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_SERVICE_NAME`,
 * `OTEL_BSP_*`, `OTEL_TRACES_SAMPLER`, …). Off, quietly, when no endpoint is set or
 * `OTEL_SDK_DISABLED=true`: a playground without a collector pays nothing.
 *
 * It must start before the modules it instruments are loaded, so each app's `main.ts` imports
 * its `tracing.ts` first, and that file calls `startTracing` and imports nothing else of ours.
 */
import type { IncomingMessage } from 'node:http';
import { currentTracing, setCurrentTracing, type Tracing } from './current-tracing';

/** Scrapes and probes: thousands of spans an hour that say nothing about the cluster. */
const UNTRACED_PATHS = /^\/(metrics|healthz|livez|readyz)(\?|$)/;

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Starts tracing once per process, as `component` unless OTEL_SERVICE_NAME says otherwise. */
export function startTracing(component: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  const running = currentTracing();
  if (running) return running;
  if (!tracingEnabled(env)) {
    const off: Tracing = { enabled: false, shutdown: () => Promise.resolve() };
    setCurrentTracing(off);
    return off;
  }
  // Loaded only when on: the SDK and its instrumentations cost ~28 MiB per process.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { IORedisInstrumentation } =
    require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const { NestInstrumentation } =
    require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || component,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new NestInstrumentation(),
    ],
  });
  sdk.start();
  const on: Tracing = { enabled: true, shutdown: () => sdk.shutdown() };
  setCurrentTracing(on);
  return on;
}
