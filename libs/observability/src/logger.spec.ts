import { PassThrough } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger, logLevelFromEnv, type LoggerOptions } from './logger';
import { objectRef } from './object-ref';

function capture(options: Omit<LoggerOptions, 'stream'>) {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { logger: createLogger({ ...options, stream }), lines };
}

describe(createLogger.name, () => {
  it('writes one JSON object per line with time, level, component and message first', () => {
    const { logger, lines } = capture({ component: 'kube-scheduler', level: 'info' });
    const pod = { kind: 'Pod', metadata: { namespace: 'default', name: 'web-1' } };
    logger.info('pod bound', { object: objectRef(pod), node: 'node-1' });

    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0])).toEqual(['time', 'level', 'component', 'message', 'object', 'node']);
    expect(lines[0]).toMatchObject({
      level: 'info',
      component: 'kube-scheduler',
      message: 'pod bound',
      object: { kind: 'Pod', namespace: 'default', name: 'web-1' },
    });
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
  });

  it('drops lines below its level and keeps child logger context', () => {
    const { logger, lines } = capture({ component: 'kubelet', level: 'warn' });
    logger.info('not shown');
    logger.child({ node: 'node-2' }).warn('lease renewal slow');
    expect(lines).toEqual([expect.objectContaining({ message: 'lease renewal slow', node: 'node-2' })]);
  });

  it('serializes errors with their message and stack', () => {
    const { logger, lines } = capture({ component: 'kube-proxy', level: 'info' });
    logger.error('sync failed', { error: new TypeError('boom') });
    expect(lines[0].error).toMatchObject({
      name: 'TypeError',
      message: 'boom',
      stack: expect.stringContaining('boom'),
    });
  });
});

describe('trace context in log lines', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => {
    manager.disable();
    context.disable();
  });

  it('adds trace_id and span_id of the active span, and nothing outside a span', () => {
    const { logger, lines } = capture({ component: 'kube-scheduler', level: 'info' });
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    };
    context.with(trace.setSpanContext(context.active(), spanContext), () => logger.info('pod bound'));
    logger.info('between spans');

    expect(lines[0]).toMatchObject({
      message: 'pod bound',
      trace_id: spanContext.traceId,
      span_id: spanContext.spanId,
    });
    expect(Object.keys(lines[0]).slice(0, 6)).toEqual([
      'time',
      'level',
      'component',
      'message',
      'trace_id',
      'span_id',
    ]);
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});

describe(logLevelFromEnv.name, () => {
  it('defaults to info and rejects unknown levels by variable name', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ LOG_LEVEL: 'debug' })).toBe('debug');
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL: expected one of');
  });
});
