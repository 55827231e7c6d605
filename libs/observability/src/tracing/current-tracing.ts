/**
 * The process's tracing, once started: apart from tracing.ts so that code that only needs to
 * flush it (the Nest module at shutdown) does not load the OpenTelemetry SDK.
 */
export interface Tracing {
  enabled: boolean;
  /** Flushes spans still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

export function currentTracing(): Tracing | undefined {
  return current;
}

export function setCurrentTracing(tracing: Tracing): void {
  current = tracing;
}
