/**
 * ComponentChaosAgent against a real apiserver: which runs make a process kill or pause itself,
 * and the back report it writes on the experiment. The signals themselves are recorded instead of
 * sent (this is the test runner's own process); the chaos-components e2e sends real ones.
 */
import {
  builtinResources,
  ChaosExperiment,
  ChaosExperimentStatus,
  componentBackAt,
  ResourceDefinition,
} from '@orchestra/api';
import { createLogger } from '@orchestra/observability';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ApiClient } from '../src/api-client';
import { ComponentChaosAgent } from '../src/chaos/component-chaos-agent';
import { ProcessFaults } from '../src/chaos/process-faults';
import { eventually } from './support/eventually';

const logger = createLogger({ component: 'agent-test', level: 'error' });
const def = builtinResources.find((d) => d.kind === 'ChaosExperiment') as ResourceDefinition;

class RecordedFaults implements ProcessFaults {
  readonly calls: string[] = [];
  kill(): void {
    this.calls.push('kill');
  }
  pauseUntil(until: number): Promise<void> {
    this.calls.push(`pause ${Math.round((until - Date.now()) / 100) / 10}s`);
    return Promise.resolve();
  }
}

describe(ComponentChaosAgent.name, () => {
  let api: TestApiserver;
  let client: ApiClient;
  const agents: ComponentChaosAgent[] = [];

  beforeAll(async () => {
    api = await startTestApiserver('component-agent');
    client = new ApiClient({ baseUrl: api.url, userAgent: 'agent-test', token: api.token });
    await client
      .resource(builtinResources.find((d) => d.kind === 'Namespace')!)
      .create({ metadata: { name: 'demo' } });
  });
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.stop()));
    // Each test's runs end with it: the next test's agents must not see them in force.
    const left = await experiments().list({ namespace: 'demo' });
    await Promise.all(left.items.map((e) => experiments().delete(e.metadata.name!, 'demo')));
  });
  afterAll(() => api.close());

  const experiments = () => client.resource<ChaosExperiment>(def);
  const agent = (options: { startedAt: number; names?: () => string[]; working?: () => boolean }) => {
    const faults = new RecordedFaults();
    const a = new ComponentChaosAgent({
      component: 'scheduler',
      client,
      logger,
      names: options.names ?? (() => ['scheduler']),
      isWorking: options.working ?? (() => true),
      startedAt: options.startedAt,
      faults,
      reportPollMs: 20,
    });
    agents.push(a);
    a.start();
    return { agent: a, faults };
  };
  /** An experiment as the chaos controller leaves it once the run is Injected. */
  const injected = async (name: string, action: string, duration = '0s') => {
    const created = await experiments().create({
      apiVersion: 'chaos.orchestra.dev/v1alpha1',
      kind: 'ChaosExperiment',
      metadata: { name, namespace: 'demo' },
      spec: { action, component: 'scheduler', duration },
    } as ChaosExperiment);
    const injectedAt = Date.now();
    const status: ChaosExperimentStatus = {
      phase: 'Injected',
      runs: 1,
      injectedAt: new Date(injectedAt).toISOString(),
      affected: [{ apiVersion: 'v1', kind: 'ComponentStatus', name: 'scheduler' }],
    };
    await experiments().patchStatus(name, 'demo', { status }, 'merge');
    return { created, injectedAt };
  };
  const get = (name: string) => experiments().get(name, 'demo');

  it('kills a process that started before the run; the restarted one reports back once it leads', async () => {
    const old = agent({ startedAt: Date.now() - 60_000 });
    const { injectedAt } = await injected('kill', 'component-kill');
    await eventually(() => expect(old.faults.calls).toEqual(['kill']));
    // Restarted, it campaigns first: no names (not the leader) until it has the Lease.
    let leading = false;
    const restarted = agent({
      startedAt: injectedAt + 1_000,
      names: () => (leading ? ['scheduler'] : []),
      working: () => leading,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(componentBackAt(await get('kill'), { name: 'scheduler' })).toBeUndefined();
    leading = true;
    await eventually(async () =>
      expect(componentBackAt(await get('kill'), { name: 'scheduler' })).toBeDefined(),
    );
    expect(restarted.faults.calls).toEqual([]);
    expect((await get('kill')).metadata.annotations?.['back.chaos.orchestra.dev/scheduler']).toMatch(
      /^1@\d{4}-/,
    );
  });

  it('a follower (no names) is left alone and reports nothing', async () => {
    const follower = agent({ startedAt: Date.now() - 60_000, names: () => [] });
    await injected('follower', 'component-kill');
    await new Promise((r) => setTimeout(r, 300));
    expect(follower.faults.calls).toEqual([]);
    expect(componentBackAt(await get('follower'), { name: 'scheduler' })).toBeUndefined();
  });

  it('pauses once for the duration, and reports back only once it works again', async () => {
    let working = false;
    const paused = agent({ startedAt: Date.now() - 60_000, working: () => working });
    await injected('pause', 'component-pause', '1s');
    await eventually(() => expect(paused.faults.calls).toHaveLength(1));
    expect(paused.faults.calls[0]).toMatch(/^pause (0\.\d|1)s$/);
    // The recorded pause returns at once: the report waits for the end of the pause and for work.
    await new Promise((r) => setTimeout(r, 1_300));
    expect(componentBackAt(await get('pause'), { name: 'scheduler' })).toBeUndefined();
    working = true;
    await eventually(async () =>
      expect(componentBackAt(await get('pause'), { name: 'scheduler' })).toBeDefined(),
    );
    expect(paused.faults.calls).toHaveLength(1);
  });
});
