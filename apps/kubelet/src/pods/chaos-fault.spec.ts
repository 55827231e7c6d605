import { Pod } from '@orchestra/api';
import { chaosFaultFor } from './chaos-fault';

const pod = (annotations: Record<string, string>): Pod =>
  ({
    metadata: { name: 'web-1', namespace: 'demo', annotations },
    spec: { containers: [] },
  }) as unknown as Pod;
const running = (startedAt: number) => ({ kind: 'running' as const, startedAt });
const t = Date.parse('2026-11-24T10:00:00.000Z');

describe(chaosFaultFor.name, () => {
  it('kills a container that started before the kill time, once', () => {
    const p = pod({ 'chaos.orchestra.dev/container-kill': '2026-11-24T10:00:00.000Z' });
    expect(chaosFaultFor(p, 'web', running(t - 1), t + 5)).toEqual({ kind: 'kill', at: t });
    // The replacement started after the kill: left alone.
    expect(chaosFaultFor(p, 'web', running(t + 1), t + 5)).toBeUndefined();
    // Nothing to kill when it is not running.
    expect(chaosFaultFor(p, 'web', undefined, t + 5)).toBeUndefined();
  });

  it('only touches the named containers', () => {
    const p = pod({ 'chaos.orchestra.dev/container-kill': '2026-11-24T10:00:00.000Z;sidecar' });
    expect(chaosFaultFor(p, 'web', running(t - 1), t)).toBeUndefined();
    expect(chaosFaultFor(p, 'sidecar', running(t - 1), t)).toEqual({ kind: 'kill', at: t });
  });

  it('keeps a container failed until the end of a pod-failure, then lets it be', () => {
    const p = pod({ 'chaos.orchestra.dev/pod-failure': '2026-11-24T10:00:00.000Z' });
    expect(chaosFaultFor(p, 'web', running(t - 9), t - 1)).toEqual({ kind: 'fail', untilMs: t });
    expect(chaosFaultFor(p, 'web', undefined, t - 1)).toEqual({ kind: 'fail', untilMs: t });
    expect(chaosFaultFor(p, 'web', undefined, t)).toBeUndefined();
  });

  it('ignores absent and malformed annotations', () => {
    expect(chaosFaultFor(pod({}), 'web', running(0), t)).toBeUndefined();
    expect(
      chaosFaultFor(pod({ 'chaos.orchestra.dev/container-kill': 'soon' }), 'web', running(0), t),
    ).toBeUndefined();
  });
});
