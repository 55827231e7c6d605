import { NODE_DOWN_ANNOTATION, type Node } from '@orchestra/api';
import { faultUntil, NodeFaultSwitch } from './node-fault-switch';

const node = (until?: string) =>
  ({
    metadata: { name: 'node-1', annotations: until ? { [NODE_DOWN_ANNOTATION]: until } : {} },
  }) as unknown as Node;

describe(NodeFaultSwitch.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-24T10:00:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  it('reads the end time, ignoring one in the past or malformed', () => {
    const now = Date.now();
    expect(faultUntil(node('2026-11-24T10:00:20.000Z'), NODE_DOWN_ANNOTATION, now)).toBe(now + 20_000);
    expect(faultUntil(node('2026-11-24T09:59:59.000Z'), NODE_DOWN_ANNOTATION, now)).toBeUndefined();
    expect(faultUntil(node('soon'), NODE_DOWN_ANNOTATION, now)).toBeUndefined();
    expect(faultUntil(node(), NODE_DOWN_ANNOTATION, now)).toBeUndefined();
  });

  it('powers off until the end time, deaf meanwhile, and back on by its own timer once', () => {
    const calls: string[] = [];
    const power = new NodeFaultSwitch(NODE_DOWN_ANNOTATION, {
      begin: (name, until) => calls.push(`off ${name} ${new Date(until).toISOString()}`),
      end: (name) => calls.push(`on ${name}`),
    });
    power.observe(node('2026-11-24T10:00:20.000Z'));
    expect(power.isOn('node-1')).toBe(true);
    // The annotation removed (or changed) while off: the node cannot hear it.
    power.observe(node());
    power.observe(node('2026-11-24T10:00:05.000Z'));
    jest.advanceTimersByTime(19_999);
    expect(calls).toEqual(['off node-1 2026-11-24T10:00:20.000Z']);
    jest.advanceTimersByTime(1);
    expect(power.isOn('node-1')).toBe(false);
    expect(calls).toEqual(['off node-1 2026-11-24T10:00:20.000Z', 'on node-1']);
    // The same annotation seen again (a timer a hair early, a resync) does not power it off again.
    jest.setSystemTime(Date.parse('2026-11-24T10:00:19.999Z'));
    power.observe(node('2026-11-24T10:00:20.000Z'));
    expect(power.isOn('node-1')).toBe(false);
    // A new run does.
    power.observe(node('2026-11-24T10:01:00.000Z'));
    expect(power.isOn('node-1')).toBe(true);
    power.stop();
  });
});
