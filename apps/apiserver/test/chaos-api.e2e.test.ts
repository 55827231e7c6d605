/**
 * The chaos API on a real apiserver: the REST endpoints create ChaosExperiments (one engine for
 * both ways in), validation errors name their field, kube-system is reachable only by name, the
 * real kubectl applies, lists (ACTION PHASE AFFECTED RECOVERY AGE), describes and deletes them,
 * and CHAOS_ENABLED=false refuses both ways with 403.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { installedKubectlClients } from './kubectl-clients';

const experiments = '/apis/chaos.orchestra.dev/v1alpha1/namespaces/demo/chaosexperiments';
const manifest = `apiVersion: chaos.orchestra.dev/v1alpha1
kind: ChaosExperiment
metadata:
  name: kill-one-web
  namespace: demo
spec:
  action: pod-kill
  selector:
    labelSelector:
      matchLabels:
        app: web
  mode: one
  gracePeriodSeconds: 0
`;

describe('chaos API', () => {
  let api: TestApiserver;

  beforeAll(async () => {
    api = await startTestApiserver('chaos-api');
    await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'demo' } });
  });
  afterAll(() => api.close());

  it('POST /chaos/v1/pod-kill creates a ChaosExperiment with its requester, the authenticated user (201)', async () => {
    const res = await call(
      api.url,
      'POST',
      '/chaos/v1/pod-kill?namespace=demo&labelSelector=app=web&mode=fixed&value=2&gracePeriodSeconds=0&dryRun=true',
      undefined,
      { 'user-agent': 'curl/8.5.0' },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      apiVersion: 'chaos.orchestra.dev/v1alpha1',
      kind: 'ChaosExperiment',
      metadata: {
        namespace: 'demo',
        name: expect.stringMatching(/^pod-kill-[a-z0-9]{5}$/),
        annotations: { 'chaos.orchestra.dev/requested-by': 'orchestra-admin' },
      },
      spec: {
        action: 'pod-kill',
        selector: { labelSelector: 'app=web' },
        mode: 'fixed',
        value: 2,
        gracePeriodSeconds: 0,
        dryRun: true,
        duration: '0s',
      },
    });
    const stored = await call(api.url, 'GET', `${experiments}/${res.body.metadata.name}`);
    expect(stored.status).toBe(200);
    expect(stored.body.metadata.uid).toBe(res.body.metadata.uid);
  });

  it('answers 422 naming each bad field, 404 for an unknown action, 400 for an unknown parameter', async () => {
    const bad = await call(api.url, 'POST', '/chaos/v1/pod-failure?namespace=demo&mode=fixed&duration=soon');
    expect(bad.status).toBe(422);
    expect(bad.body.reason).toBe('Invalid');
    expect(bad.body.details.causes.map((c: { field: string }) => c.field)).toEqual([
      'spec.value',
      'spec.duration',
    ]);
    expect((await call(api.url, 'POST', '/chaos/v1/pod-explode?namespace=demo')).status).toBe(404);
    expect((await call(api.url, 'POST', '/chaos/v1/pod-kill?namespace=demo&selector=x')).status).toBe(400);
    const system = await call(api.url, 'POST', '/chaos/v1/pod-kill?namespaces=kube-system');
    expect(system.status).toBe(422);
    expect(system.body.message).toContain('spec.selector.names: Required value');
  });

  it('takes http-fault parameters into spec.httpFault', async () => {
    const res = await call(
      api.url,
      'POST',
      '/chaos/v1/http-fault?namespace=demo&service=web&delay=200ms&errorPercent=20&duration=1m',
    );
    expect(res.status).toBe(201);
    expect(res.body.spec).toMatchObject({
      action: 'http-fault',
      service: 'web',
      duration: '1m',
      httpFault: { delay: '200ms', errorPercent: 20, errorCode: 503 },
    });
  });

  it('takes component-kill and component-pause parameters into spec.component', async () => {
    const pause = await call(
      api.url,
      'POST',
      '/chaos/v1/component-pause?namespace=demo&component=kubelet&nodes=node-2&duration=10s',
    );
    expect(pause.status).toBe(201);
    expect(pause.body.spec).toMatchObject({
      action: 'component-pause',
      component: 'kubelet',
      selector: { nodes: ['node-2'] },
      duration: '10s',
    });
    expect(pause.body.spec.queueStall).toBeUndefined();
    const unknown = await call(
      api.url,
      'POST',
      '/chaos/v1/component-kill?namespace=demo&component=apiserver',
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toContain('spec.component: Unsupported value: "apiserver"');
    const lasting = await call(
      api.url,
      'POST',
      '/chaos/v1/component-kill?namespace=demo&component=proxy&duration=5s',
    );
    expect(lasting.status).toBe(422);
    expect(lasting.body.message).toContain('component-kill is instant');
  });

  it('takes cpu-stress and memory-stress amounts into spec.stress', async () => {
    const cpu = await call(
      api.url,
      'POST',
      '/chaos/v1/cpu-stress?namespace=demo&labelSelector=app=web&cpu=500m&duration=20s',
    );
    expect(cpu.status).toBe(201);
    expect(cpu.body.spec).toMatchObject({ action: 'cpu-stress', stress: { cpu: '500m' }, duration: '20s' });
    const wrong = await call(api.url, 'POST', '/chaos/v1/memory-stress?namespace=demo&cpu=1');
    expect(wrong.status).toBe(422);
    expect(wrong.body.details.causes.map((c: { field: string }) => c.field)).toEqual([
      'spec.stress.cpu',
      'spec.stress.memory',
    ]);
  });

  it('lists the actions', async () => {
    const res = await call(api.url, 'GET', '/chaos/v1');
    expect(res.status).toBe(200);
    expect(res.body.actions).toEqual([
      'pod-kill',
      'container-kill',
      'pod-failure',
      'cpu-stress',
      'memory-stress',
      'http-fault',
      'store-latency',
      'queue-stall',
      'node-drain',
      'node-down',
      'node-partition',
      'instance-terminate',
      'component-kill',
      'component-pause',
    ]);
  });

  describe.each(installedKubectlClients().map((c) => [c.label, c.path]))('%s', (_label, kubectlPath) => {
    let session: KubectlSession;
    beforeAll(async () => {
      session = await tlsKubectlSession(kubectlPath, api.url);
    });
    afterAll(() => session.close());

    it('applies, gets, describes and deletes chaosexperiments', async () => {
      const file = join(session.dir, 'chaos.yaml');
      writeFileSync(file, manifest);
      expect(await session.kubectl('apply', '-f', file)).toContain(
        'chaosexperiment.chaos.orchestra.dev/kill-one-web created',
      );
      // The controller-manager is not running here: the experiment stays Pending.
      const table = await session.kubectl('get', 'chaosexperiments', '-n', 'demo', 'kill-one-web');
      expect(table.split('\n')[0]).toMatch(/^NAME\s+ACTION\s+PHASE\s+AFFECTED\s+RECOVERY\s+AGE$/);
      expect(table.split('\n')[1]).toMatch(/^kill-one-web\s+pod-kill\s+Pending\s+0\s+<none>\s+\d+s$/);
      const wide = await session.kubectl('get', 'chaos', '-n', 'demo', 'kill-one-web', '-o', 'wide');
      expect(wide.split('\n')[0]).toMatch(/MODE\s+VERDICT\s+RUNS\s+DETECT\s+REQUESTED-BY$/);
      expect(wide.split('\n')[1]).toMatch(/\bone\s+<none>\s+0\s+<none>\s+orchestra-admin$/);
      expect(await session.kubectl('describe', 'chaosexperiment', '-n', 'demo', 'kill-one-web')).toMatch(
        /Action:\s+pod-kill/,
      );
      expect(await session.kubectl('apply', '-f', file)).toContain('unchanged');
      expect(await session.kubectl('delete', '-f', file)).toContain('deleted');
    });

    it('refuses an invalid experiment with the field named', async () => {
      const file = join(session.dir, 'bad.yaml');
      writeFileSync(file, manifest.replace('mode: one', 'mode: most').replace('kill-one-web', 'bad'));
      await expect(session.kubectl('apply', '-f', file)).rejects.toThrow(
        /spec\.mode: Unsupported value: "most"/,
      );
    });
  });
});

describe('chaos API switched off (CHAOS_ENABLED=false)', () => {
  let api: TestApiserver;

  beforeAll(async () => {
    api = await startTestApiserver('chaos-off', { CHAOS_ENABLED: 'false' });
    await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'demo' } });
  });
  afterAll(() => api.close());

  it('answers 403 on the REST endpoints and refuses new experiments', async () => {
    const rest = await call(api.url, 'POST', '/chaos/v1/pod-kill?namespace=demo');
    expect(rest.status).toBe(403);
    expect(rest.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    expect(rest.body.message).toContain('CHAOS_ENABLED=false');
    expect((await call(api.url, 'GET', '/chaos/v1')).status).toBe(403);
    const created = await call(api.url, 'POST', experiments, {
      metadata: { name: 'x' },
      spec: { action: 'pod-kill' },
    });
    expect(created.status).toBe(403);
    expect(created.body.message).toContain('chaos experiments are switched off');
    // Reading and deleting stay possible: only new chaos is refused.
    expect((await call(api.url, 'GET', experiments)).status).toBe(200);
  });
});
