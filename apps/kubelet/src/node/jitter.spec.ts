import { jittered, spreadStart } from './jitter';

describe('node timer jitter', () => {
  it('makes a period up to 4% longer, never shorter', () => {
    expect(jittered(10_000, () => 0)).toBe(10_000);
    expect(jittered(10_000, () => 0.5)).toBe(10_200);
    expect(jittered(10_000, () => 0.999)).toBeCloseTo(10_399.6);
  });

  it('spreads the first period over the whole interval', () => {
    expect(spreadStart(10_000, () => 0)).toBe(1);
    expect(spreadStart(10_000, () => 0.25)).toBe(2_500);
    const starts = Array.from({ length: 1000 }, () => spreadStart(10_000));
    expect(Math.min(...starts)).toBeGreaterThan(0);
    expect(Math.max(...starts)).toBeLessThanOrEqual(10_000);
    // Not all in one instant: the thousand nodes' first renewals fall in every tenth of it.
    expect(new Set(starts.map((ms) => Math.floor(ms / 1_000))).size).toBe(10);
  });
});
