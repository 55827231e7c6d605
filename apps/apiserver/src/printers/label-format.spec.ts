import { formatLabels, formatLabelSelector, selectorString } from './label-format';

describe('label formatting', () => {
  it('sorts labels by key', () => {
    expect(formatLabels({ tier: 'front', app: 'web' })).toBe('app=web,tier=front');
    expect(formatLabels({})).toBe('<none>');
  });

  it('writes selectors the way kubectl shows them', () => {
    expect(
      selectorString({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['front', 'api'] },
          { key: 'legacy', operator: 'DoesNotExist' },
          { key: 'canary', operator: 'Exists' },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
        ],
      }),
    ).toBe('app=web,canary,!legacy,tier in (api,front),zone notin (b)');
    expect(selectorString({})).toBe('');
    expect(formatLabelSelector({})).toBe('<none>');
  });
});
