import { formatFieldError } from '../errors';
import { validateDaemonSet } from './daemonset.validation';

const daemonSet = (spec: Record<string, unknown> = {}) => ({
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { containers: [{ name: 'agent', image: 'agent:1' }] },
    },
    ...spec,
  },
});
const text = (errs: ReturnType<typeof validateDaemonSet>) => errs.map(formatFieldError);

describe(validateDaemonSet.name, () => {
  it('accepts a matching selector and template with either strategy', () => {
    expect(validateDaemonSet(daemonSet())).toEqual([]);
    expect(validateDaemonSet(daemonSet({ updateStrategy: { type: 'OnDelete' } }))).toEqual([]);
    expect(
      validateDaemonSet(
        daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '20%' } } }),
      ),
    ).toEqual([]);
  });

  it('refuses a selector that does not match the template labels', () => {
    expect(validateDaemonSet(daemonSet({ selector: { matchLabels: { app: 'other' } } }))).not.toEqual([]);
  });

  it('refuses an unknown strategy and a rolling update that could never progress', () => {
    const errs = text([
      ...validateDaemonSet(daemonSet({ updateStrategy: { type: 'Recreate' } })),
      ...validateDaemonSet(
        daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } }),
      ),
      ...validateDaemonSet(daemonSet({ minReadySeconds: -1 })),
    ]);
    expect(errs).toHaveLength(3);
    expect(errs[0]).toContain('spec.updateStrategy.type');
    expect(errs[1]).toContain('spec.updateStrategy.rollingUpdate.maxUnavailable');
    expect(errs[2]).toContain('spec.minReadySeconds');
  });
});
