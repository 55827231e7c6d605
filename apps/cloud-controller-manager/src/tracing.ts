/**
 * Imported first by main.ts: OpenTelemetry must start before Nest, http and ioredis are loaded,
 * so this file imports nothing else of the app's.
 */
import { startTracing } from '@orchestra/observability/tracing';

startTracing('cloud-controller-manager');
