/**
 * The kube-scheduler process as a whole: its start line, health endpoints (ready once the
 * informer caches have synced) and Kubernetes-named metrics after scheduling a pod.
 */
import type { Pod } from '@orchestra/api';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { SchedulerModule } from '../src/scheduler.module';
import { SCHEDULER_START_LINE } from '../src/scheduler.service';
import {
  eventually,
  metricValue,
  pod,
  podsDef,
  startTestScheduler,
  testClient,
  type TestScheduler,
} from './scheduler-harness';

describe(SchedulerModule.name, () => {
  let api: TestApiserver;
  let scheduler: TestScheduler;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    api = await startTestApiserver('sched-shell');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
    try {
      scheduler = await startTestScheduler(api);
    } finally {
      write.mockRestore();
    }
  });

  afterAll(async () => {
    await scheduler.close();
    await api.close();
  });

  it('says at start what it does', () => {
    expect(lines.find((line) => line.message === SCHEDULER_START_LINE)).toMatchObject({
      level: 'info',
      component: 'kube-scheduler',
      apiserver: api.url,
      profile: 'default-scheduler',
      leaderElection: false,
    });
  });

  it('answers /healthz and /livez, and /readyz once the informers have synced', async () => {
    for (const path of ['/healthz', '/livez']) {
      const res = await fetch(scheduler.url + path);
      expect([path, res.status, await res.text()]).toEqual([path, 200, 'ok']);
    }
    await eventually(async () => (await fetch(`${scheduler.url}/readyz`)).status === 200);
    const verbose = await (await fetch(`${scheduler.url}/readyz?verbose`)).text();
    expect(verbose).toContain('[+]informers-synced ok');
  });

  it("exports Kubernetes' scheduler metrics", async () => {
    const client = testClient(api);
    await StandinKubelet.createNodes(client, [{ name: 'node-1' }, { name: 'node-2' }]);
    await client.resource<Pod>(podsDef).create(pod('one'));
    await eventually(async () => (await client.resource<Pod>(podsDef).get('one', 'default')).spec.nodeName);
    const body = await eventually(async () => {
      const text = await (await fetch(`${scheduler.url}/metrics`)).text();
      return /scheduler_pod_scheduling_sli_duration_seconds_count\{[^}]*attempts="1"/.test(text) && text;
    });
    const profile = 'default-scheduler';
    const scheduled = { profile, result: 'scheduled' };
    expect(metricValue(body, 'scheduler_schedule_attempts_total', scheduled)).toBe(1);
    expect(metricValue(body, 'scheduler_scheduling_attempt_duration_seconds_count', scheduled)).toBe(1);
    expect(metricValue(body, 'scheduler_pending_pods', { queue: 'active' })).toBe(0);
    expect(metricValue(body, 'scheduler_pending_pods', { queue: 'unschedulable' })).toBe(0);
    for (const point of ['PreFilter', 'Filter', 'PreScore', 'Score', 'Reserve', 'Bind']) {
      const labels = { extension_point: point, profile, status: 'Success' };
      expect([
        point,
        metricValue(body, 'scheduler_framework_extension_point_duration_seconds_count', labels),
      ]).toEqual([point, 1]);
    }
  });
});
