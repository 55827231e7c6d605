import { formatFieldError, path } from '../errors';
import { validateRollingUpdate } from './rolling-update.validation';

const rollingPath = path('spec').child('strategy').child('rollingUpdate');
const check = (rolling: unknown, absentAs?: number) =>
  validateRollingUpdate(rolling, rollingPath, absentAs).map(formatFieldError);

describe(validateRollingUpdate.name, () => {
  it('accepts counts and percentages that let a rollout progress', () => {
    expect(check({ maxUnavailable: 1, maxSurge: '25%' })).toEqual([]);
    expect(check({ maxUnavailable: '0%', maxSurge: 1 })).toEqual([]);
  });

  it('refuses maxUnavailable and maxSurge both 0', () => {
    expect(check({ maxUnavailable: 0, maxSurge: '0%' })).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]);
  });

  it('counts an absent value as absentAs: 0 for a DaemonSet, nothing for a Deployment', () => {
    expect(check({ maxUnavailable: 0 })).toEqual([]);
    expect(check({ maxUnavailable: 0 }, 0)).toHaveLength(1);
    expect(check(undefined, 0)).toHaveLength(1);
  });

  it('refuses a malformed value and a maxUnavailable over 100%', () => {
    expect(check({ maxUnavailable: '120%' })).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%',
    ]);
    expect(check({ maxSurge: 'lots' })[0]).toContain(
      "a valid percent string must be a numeric string followed by an ending '%'",
    );
    expect(check({ maxSurge: -1 })[0]).toContain('spec.strategy.rollingUpdate.maxSurge');
  });
});
