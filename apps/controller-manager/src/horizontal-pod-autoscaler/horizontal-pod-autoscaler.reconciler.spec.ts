import { HorizontalPodAutoscaler, Pod, Scale } from '@orchestra/api';
import { Lister } from '@orchestra/client';
import { HorizontalPodAutoscalerApi } from './horizontal-pod-autoscaler-api.port';
import { HorizontalPodAutoscalerReconciler } from './horizontal-pod-autoscaler.reconciler';
import { PodMetricsInfo } from './replica-calculator';

const START = Date.parse('2026-11-24T12:00:00Z');
const LONG_AGO = new Date(START - 10 * 60_000).toISOString();

function lister<T extends { metadata: { name?: string; namespace?: string } }>(items: () => T[]): Lister<T> {
  const key = (o: T) => `${o.metadata.namespace}/${o.metadata.name}`;
  return {
    get: (k) => items().find((o) => key(o) === k),
    list: (ns) => items().filter((o) => !ns || o.metadata.namespace === ns),
    byIndex: () => [],
    keys: () => items().map(key),
  };
}

const webPod = (name: string): Pod => ({
  metadata: { name, namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'orchestra/web', resources: { requests: { cpu: '100m' } } }] },
  status: {
    phase: 'Running',
    startTime: LONG_AGO,
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: LONG_AGO }],
  },
});

class FakeApi implements HorizontalPodAutoscalerApi {
  replicas = 2;
  selector = 'app=web';
  usage = new Map<string, number>();
  statuses: HorizontalPodAutoscaler[] = [];
  scaleWrites: number[] = [];
  now = () => START;
  failGetScale?: Error;
  async getScale(): Promise<Scale> {
    if (this.failGetScale) throw this.failGetScale;
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web', namespace: 'default', resourceVersion: '7' },
      spec: { replicas: this.replicas },
      status: { replicas: this.replicas, selector: this.selector },
    };
  }
  async updateScale(_ns: string, _ref: unknown, scale: Scale): Promise<Scale> {
    this.scaleWrites.push(scale.spec.replicas!);
    this.replicas = scale.spec.replicas!;
    return scale;
  }
  async podMetrics(): Promise<PodMetricsInfo> {
    return new Map(
      [...this.usage].map(([name, valueMilli]) => [
        name,
        { valueMilli, timestamp: this.now(), windowMs: 10_000 },
      ]),
    );
  }
  async updateStatus(hpa: HorizontalPodAutoscaler): Promise<HorizontalPodAutoscaler> {
    this.statuses.push(hpa);
    return hpa;
  }
}

describe(HorizontalPodAutoscalerReconciler.name, () => {
  let now: number;
  let api: FakeApi;
  let events: { type: string; reason: string; message: string }[];
  let hpa: HorizontalPodAutoscaler;
  let pods: Pod[];
  let reconciler: HorizontalPodAutoscalerReconciler;

  beforeEach(() => {
    now = START;
    api = new FakeApi();
    api.now = () => now;
    events = [];
    pods = [webPod('web-a'), webPod('web-b')];
    hpa = {
      metadata: { name: 'web', namespace: 'default', generation: 1 },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    };
    reconciler = new HorizontalPodAutoscalerReconciler({
      hpas: lister(() => [hpa]),
      pods: lister(() => pods),
      api,
      events: {
        normal: (_o, reason, message) => events.push({ type: 'Normal', reason, message }),
        warning: (_o, reason, message) => events.push({ type: 'Warning', reason, message }),
      },
      syncPeriodMs: 15_000,
      clock: { now: () => now },
    });
  });

  it('scales the target through its scale subresource and reports it in status and an event', async () => {
    api.usage = new Map([
      ['web-a', 90],
      ['web-b', 90],
    ]);
    expect(await reconciler.reconcile('default/web')).toEqual({ requeueAfterMs: 15_000 });
    expect(api.scaleWrites).toEqual([4]);
    expect(events).toEqual([
      {
        type: 'Normal',
        reason: 'SuccessfulRescale',
        message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target',
      },
    ]);
    const status = api.statuses.at(-1)!.status!;
    expect(status).toMatchObject({
      observedGeneration: 1,
      currentReplicas: 2,
      desiredReplicas: 4,
      lastScaleTime: '2026-11-24T12:00:00Z',
      currentMetrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 90, averageValue: '90m' } },
        },
      ],
    });
    expect(status.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['AbleToScale', 'True', 'SucceededRescale'],
      ['ScalingActive', 'True', 'ValidMetricFound'],
      ['ScalingLimited', 'False', 'DesiredWithinRange'],
    ]);
  });

  it('syncs each HPA once per sync period: an earlier wake-up is put off to the period', async () => {
    api.usage = new Map([
      ['web-a', 30],
      ['web-b', 30],
    ]);
    await reconciler.reconcile('default/web');
    const writes = api.statuses.length;
    now += 4_000;
    expect(await reconciler.reconcile('default/web')).toEqual({ requeueAfterMs: 11_000 });
    expect(api.statuses).toHaveLength(writes);
    now += 11_000;
    expect(await reconciler.reconcile('default/web')).toEqual({ requeueAfterMs: 15_000 });
  });

  it('reports a target it cannot read as AbleToScale False FailedGetScale, with a warning', async () => {
    api.failGetScale = new Error('deployments.apps "web" not found');
    await reconciler.reconcile('default/web');
    expect(api.statuses.at(-1)!.status!.conditions).toEqual([
      expect.objectContaining({
        type: 'AbleToScale',
        status: 'False',
        reason: 'FailedGetScale',
        message: `the HPA controller was unable to get the target's current scale: deployments.apps "web" not found`,
      }),
    ]);
    expect(events.map((e) => [e.type, e.reason])).toEqual([['Warning', 'FailedGetScale']]);
  });

  it('reports missing metrics as ScalingActive False FailedGetResourceMetric and leaves the size alone', async () => {
    await reconciler.reconcile('default/web');
    expect(api.scaleWrites).toEqual([]);
    const conditions = api.statuses.at(-1)!.status!.conditions!;
    expect(conditions.find((c) => c.type === 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
    });
    expect(events.map((e) => e.reason)).toEqual(['FailedGetResourceMetric', 'FailedComputeMetricsReplicas']);
  });

  it('brings a target below minReplicas up to it, and leaves a target scaled to 0 alone', async () => {
    hpa.spec.minReplicas = 3;
    await reconciler.reconcile('default/web');
    expect(api.scaleWrites).toEqual([3]);
    expect(events[0].message).toBe('New size: 3; reason: Current number of replicas below Spec.MinReplicas');

    api.replicas = 0;
    now += 15_000;
    await reconciler.reconcile('default/web');
    expect(api.scaleWrites).toEqual([3]);
    expect(api.statuses.at(-1)!.status!.conditions!.find((c) => c.type === 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'ScalingDisabled',
    });
  });
  it('with one metric failing, still scales out on the others but never scales in', async () => {
    // The pods request no memory: the memory Utilization metric fails.
    hpa.spec.metrics!.push({
      type: 'Resource',
      resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 50 } },
    });
    api.usage = new Map([
      ['web-a', 10],
      ['web-b', 10],
    ]);
    await reconciler.reconcile('default/web');
    expect(api.scaleWrites).toEqual([]);
    expect(api.statuses.at(-1)!.status!.conditions!.find((c) => c.type === 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message:
        'the HPA was unable to compute the replica count: failed to get memory utilization: missing request for memory in container web of Pod web-a',
    });

    api.usage = new Map([
      ['web-a', 90],
      ['web-b', 90],
    ]);
    now += 15_000;
    await reconciler.reconcile('default/web');
    expect(api.scaleWrites).toEqual([4]);
    expect(api.statuses.at(-1)!.status!.conditions!.find((c) => c.type === 'ScalingActive')).toMatchObject({
      status: 'True',
      reason: 'ValidMetricFound',
    });
  });
});
