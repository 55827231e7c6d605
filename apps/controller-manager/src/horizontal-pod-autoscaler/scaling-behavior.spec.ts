import { HorizontalPodAutoscaler, HorizontalPodAutoscalerBehavior } from '@orchestra/api';
import { ScalingBehavior } from './scaling-behavior';

class FakeClock {
  constructor(public ms = Date.parse('2026-11-24T12:00:00Z')) {}
  now = () => this.ms;
  advance(seconds: number) {
    this.ms += seconds * 1000;
  }
}

const hpa = (behavior?: HorizontalPodAutoscalerBehavior, min = 1, max = 10): HorizontalPodAutoscaler => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: min, maxReplicas: max, behavior },
});

describe(ScalingBehavior.name, () => {
  let clock: FakeClock;
  let behavior: ScalingBehavior;
  /** One sync: normalize, and record the rescale as the controller does. */
  const sync = (target: HorizontalPodAutoscaler, current: number, desired: number) => {
    const result = behavior.normalize({
      key: 'default/web',
      hpa: target,
      currentReplicas: current,
      desiredReplicas: desired,
      minReplicas: target.spec.minReplicas ?? 1,
    });
    if (result.desiredReplicas !== current)
      behavior.recordScale(target, 'default/web', current, result.desiredReplicas);
    return result;
  };

  beforeEach(() => {
    clock = new FakeClock();
    behavior = new ScalingBehavior(clock);
  });

  it('scales up at once by the default policies: +100% or +4 pods per 15 s, whichever is more', () => {
    const target = hpa(undefined, 1, 20);
    const first = sync(target, 1, 12);
    expect(first.desiredReplicas).toBe(5);
    expect(first.scalingLimited).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    // Within the same 15 s period the 4 pods added count: no more room.
    clock.advance(5);
    expect(sync(target, 5, 12).desiredReplicas).toBe(5);
    // A new period: 5 → max(10, 9) = 10.
    clock.advance(11);
    expect(sync(target, 5, 12).desiredReplicas).toBe(10);
  });

  it('clamps to maxReplicas (TooManyReplicas) and to minReplicas (TooFewReplicas)', () => {
    const up = sync(hpa(undefined, 1, 3), 2, 8);
    expect(up.desiredReplicas).toBe(3);
    expect(up.scalingLimited).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });
    const noWindow = hpa({ scaleDown: { stabilizationWindowSeconds: 0 } }, 2, 10);
    const down = sync(noWindow, 3, 1);
    expect(down.desiredReplicas).toBe(2);
    expect(down.scalingLimited).toMatchObject({ status: 'True', reason: 'TooFewReplicas' });
  });

  it('holds a scale-down for the scale-down stabilization window: the highest recommendation of it wins', () => {
    const target = hpa({ scaleDown: { stabilizationWindowSeconds: 60 } });
    expect(sync(target, 4, 4).desiredReplicas).toBe(4);
    clock.advance(15);
    const held = sync(target, 4, 1);
    expect(held.desiredReplicas).toBe(4);
    expect(held.ableToScale).toMatchObject({ reason: 'ScaleDownStabilized' });
    clock.advance(15);
    expect(sync(target, 4, 2).desiredReplicas).toBe(4);
    // 61 s after the recommendation of 4: the highest left in the window is 2.
    clock.advance(31);
    expect(sync(target, 4, 1).desiredReplicas).toBe(2);
    // ... and once the 2 is out of the window too, 1.
    clock.advance(30);
    expect(sync(target, 2, 1).desiredReplicas).toBe(1);
  });

  it('opens a scale-down window when it first sees an HPA, so a restart does not scale in at once', () => {
    const target = hpa({ scaleDown: { stabilizationWindowSeconds: 30 } });
    expect(sync(target, 5, 1).desiredReplicas).toBe(5);
    clock.advance(31);
    expect(sync(target, 5, 1).desiredReplicas).toBe(1);
  });

  it('takes the lowest recommendation of a scale-up stabilization window', () => {
    const target = hpa({
      scaleUp: { stabilizationWindowSeconds: 30 },
      scaleDown: { stabilizationWindowSeconds: 0 },
    });
    expect(sync(target, 2, 2).desiredReplicas).toBe(2);
    clock.advance(10);
    const held = sync(target, 2, 6);
    expect(held.desiredReplicas).toBe(2);
    expect(held.ableToScale).toMatchObject({ reason: 'ScaleUpStabilized' });
    clock.advance(25);
    // The 2 has left the window; the 6 has not.
    expect(sync(target, 2, 8).desiredReplicas).toBe(6);
  });

  it('rate-limits scale-down by its policies, counting the pods already removed in the period', () => {
    const target = hpa({
      scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
    });
    const first = sync(target, 5, 1);
    expect(first.desiredReplicas).toBe(4);
    expect(first.scalingLimited).toMatchObject({ status: 'True', reason: 'ScaleDownLimit' });
    clock.advance(30);
    expect(sync(target, 4, 1).desiredReplicas).toBe(4);
    clock.advance(31);
    expect(sync(target, 4, 1).desiredReplicas).toBe(3);
  });

  it('selectPolicy Min takes the smaller change, Disabled none', () => {
    const min = hpa(
      {
        scaleUp: {
          selectPolicy: 'Min',
          policies: [
            { type: 'Pods', value: 1, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
      },
      1,
      20,
    );
    expect(sync(min, 4, 10).desiredReplicas).toBe(5);
    behavior.forget('default/web');
    const disabled = hpa({ scaleUp: { selectPolicy: 'Disabled' } });
    expect(sync(disabled, 4, 10).desiredReplicas).toBe(4);
  });

  it('reports a recommendation within range as DesiredWithinRange and ReadyForNewScale', () => {
    const result = sync(hpa(), 2, 3);
    expect(result.desiredReplicas).toBe(3);
    expect(result.scalingLimited).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });
    expect(result.ableToScale).toMatchObject({ status: 'True', reason: 'ReadyForNewScale' });
  });
});
