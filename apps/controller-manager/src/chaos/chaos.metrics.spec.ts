import { chaosActions } from '@orchestra/api';
import { Registry } from 'prom-client';
import { ChaosMetrics } from './chaos.metrics';

describe(ChaosMetrics.name, () => {
  it("starts every action's series at 0, so dashboards show 0 rather than No data before a run", async () => {
    const registry = new Registry();
    new ChaosMetrics(registry);
    const text = await registry.metrics();
    for (const action of chaosActions) {
      expect(text).toContain(`orchestra_chaos_experiments_total{action="${action}",result="passed"} 0`);
      expect(text).toContain(`orchestra_chaos_experiments_total{action="${action}",result="failed"} 0`);
      expect(text).toContain(`orchestra_chaos_recovery_seconds_count{action="${action}"} 0`);
      expect(text).toContain(`orchestra_chaos_detection_seconds_count{action="${action}"} 0`);
      expect(text).toContain(`orchestra_chaos_active_experiments{action="${action}"} 0`);
    }
    // A run's annotation series exists only while the run does.
    expect(text).not.toMatch(/^orchestra_chaos_annotation\{/m);
  });
});
