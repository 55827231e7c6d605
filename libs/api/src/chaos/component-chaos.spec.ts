import { ChaosExperiment } from './chaos.types';
import { componentBackAt, componentFaultFor, formatComponentBack } from './component-chaos';

const injectedAt = '2026-11-24T10:00:00.000Z';
const t = Date.parse(injectedAt);
const experiment = (
  phase: string,
  spec: Partial<ChaosExperiment['spec']> = {},
  affected = [{ apiVersion: 'v1', kind: 'ComponentStatus', name: 'scheduler' }],
): ChaosExperiment => ({
  metadata: { namespace: 'demo', name: 'kill', uid: 'u1' },
  spec: { action: 'component-kill', component: 'scheduler', ...spec },
  status: { phase: phase as never, runs: 2, injectedAt, affected },
});

describe(componentFaultFor.name, () => {
  it('hits the named component while Injected, and a kill also while Recovering', () => {
    expect(componentFaultFor(experiment('Injected'), 'scheduler', ['scheduler'])).toEqual({
      experiment: 'demo/kill',
      uid: 'u1',
      run: 2,
      action: 'component-kill',
      injectedAt: t,
      until: t,
      targets: ['scheduler'],
    });
    expect(componentFaultFor(experiment('Recovering'), 'scheduler', ['scheduler'])?.run).toBe(2);
    expect(componentFaultFor(experiment('Recovered'), 'scheduler', ['scheduler'])).toBeUndefined();
    expect(componentFaultFor(experiment('Injecting'), 'scheduler', ['scheduler'])).toBeUndefined();
  });

  it('leaves other components, followers (no names), dry runs and other actions alone', () => {
    expect(componentFaultFor(experiment('Injected'), 'proxy', ['proxy'])).toBeUndefined();
    expect(componentFaultFor(experiment('Injected'), 'scheduler', [])).toBeUndefined();
    expect(
      componentFaultFor(experiment('Injected', { dryRun: true }), 'scheduler', ['scheduler']),
    ).toBeUndefined();
    expect(
      componentFaultFor(experiment('Injected', { action: 'pod-kill' }), 'scheduler', ['scheduler']),
    ).toBeUndefined();
  });

  it('a pause lasts its duration and only while Injected', () => {
    const pause = experiment('Injected', { action: 'component-pause', duration: '4s' });
    expect(componentFaultFor(pause, 'scheduler', ['scheduler'])).toMatchObject({ until: t + 4_000 });
    const recovering = experiment('Recovering', { action: 'component-pause', duration: '4s' });
    expect(componentFaultFor(recovering, 'scheduler', ['scheduler'])).toBeUndefined();
  });

  it('hits a kubelet process when one of its nodes is affected, naming only those nodes', () => {
    const nodes = [
      { apiVersion: 'v1', kind: 'Node', name: 'node-2' },
      { apiVersion: 'v1', kind: 'Node', name: 'node-9' },
    ];
    const kill = experiment('Injected', { component: 'kubelet' }, nodes);
    expect(componentFaultFor(kill, 'kubelet', ['node-1', 'node-2', 'node-3'])?.targets).toEqual(['node-2']);
    expect(componentFaultFor(kill, 'kubelet', ['node-1', 'node-3'])).toBeUndefined();
  });
});

describe(componentBackAt.name, () => {
  it("reads this run's back report only", () => {
    const e = experiment('Recovering');
    const at = new Date(t + 1_500);
    e.metadata.annotations = { 'back.chaos.orchestra.dev/scheduler': formatComponentBack(2, at) };
    expect(componentBackAt(e, { name: 'scheduler' })).toBe(t + 1_500);
    expect(componentBackAt(e, { name: 'proxy' })).toBeUndefined();
    e.metadata.annotations = { 'back.chaos.orchestra.dev/scheduler': formatComponentBack(1, at) };
    expect(componentBackAt(e, { name: 'scheduler' })).toBeUndefined();
    e.metadata.annotations = { 'back.chaos.orchestra.dev/scheduler': '2@yesterday' };
    expect(componentBackAt(e, { name: 'scheduler' })).toBeUndefined();
  });
});
