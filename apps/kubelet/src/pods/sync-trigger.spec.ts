import { trace } from '@opentelemetry/api';
import { createLogger } from '@orchestra/observability';
import {
  startInProcessTracing,
  testTraceparent,
  traceIdOf,
} from '../../../../tools/testing/in-process-tracing';
import { KeyedLock } from './keyed-lock';
import type { NodeContext } from './node-context';
import { SyncTrigger } from './sync-trigger';

const tracing = startInProcessTracing();
const node = { name: 'node-1' } as NodeContext;
const logger = createLogger({ component: 'kubelet', level: 'error' });

describe(SyncTrigger.name, () => {
  it('syncs after a probe result in a trace of its own, linked to the sync that started the prober', async () => {
    const synced: { traceId?: string; parent?: string }[] = [];
    const trigger = new SyncTrigger(
      new KeyedLock(),
      async () => {
        const span = trace.getActiveSpan()!;
        synced.push({ traceId: span.spanContext().traceId });
        return {};
      },
      logger,
    );
    const startedBy = testTraceparent(1);
    // Fired from a prober's timer, which may still hold the context of the sync that started it.
    await trace.getTracer('test').startActiveSpan('an old sync', async (old) => {
      trigger.fire(node, 'default/web-1', startedBy);
      old.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    trigger.stop();

    const sync = tracing.spans().find((s) => s.name === 'sync pod')!;
    const old = tracing.spans().find((s) => s.name === 'an old sync')!;
    expect(synced).toHaveLength(1);
    expect(tracing.parentOf(sync)).toBeUndefined();
    expect(sync.spanContext().traceId).not.toBe(old.spanContext().traceId);
    expect(sync.spanContext().traceId).not.toBe(traceIdOf(startedBy));
    expect(sync.links.map((l) => l.context.traceId)).toEqual([traceIdOf(startedBy)]);
    expect(sync.attributes).toMatchObject({
      'k8s.namespace.name': 'default',
      'k8s.pod.name': 'web-1',
      'k8s.node.name': 'node-1',
      'kubelet.sync.trigger': 'probe',
    });
  });
});
