import { Pod } from '@orchestra/api';
import { chaosFaultFor, chaosStressFor } from './chaos-fault';

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

describe(chaosStressFor.name, () => {
  const from = '2026-11-24T10:00:00.000Z';
  it('adds cpu and memory stress to a container running since before it began, until the first ends', () => {
    const p = pod({
      'chaos.orchestra.dev/cpu-stress': `${from};2026-11-24T10:00:10.000Z;500`,
      'chaos.orchestra.dev/memory-stress': `${from};2026-11-24T10:00:04.000Z;1048576;web`,
    });
    expect(chaosStressFor(p, 'web', running(t - 1), t + 1)).toEqual({
      cpuMilli: 500,
      memoryBytes: 1048576,
      untilMs: t + 4_000,
    });
    // The memory stress names only web; after its end the cpu stress goes on alone.
    expect(chaosStressFor(p, 'sidecar', running(t - 1), t + 1)).toEqual({
      cpuMilli: 500,
      memoryBytes: 0,
      untilMs: t + 10_000,
    });
    expect(chaosStressFor(p, 'web', running(t - 1), t + 5_000)).toEqual({
      cpuMilli: 500,
      memoryBytes: 0,
      untilMs: t + 10_000,
    });
    expect(chaosStressFor(p, 'web', running(t - 1), t + 10_000)).toBeUndefined();
  });

  it('spares a container restarted after it began, one not running, and malformed values', () => {
    const p = pod({ 'chaos.orchestra.dev/cpu-stress': `${from};2026-11-24T10:00:10.000Z;500` });
    expect(chaosStressFor(p, 'web', running(t + 1), t + 2)).toBeUndefined();
    expect(chaosStressFor(p, 'web', undefined, t + 2)).toBeUndefined();
    const bad = pod({ 'chaos.orchestra.dev/cpu-stress': `${from};soon;500` });
    expect(chaosStressFor(bad, 'web', running(t - 1), t + 2)).toBeUndefined();
  });
});
