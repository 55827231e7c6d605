import type { Pod } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { podMetrics } from './pod.families';

const own = 'namespace="shop",pod="web-7d4b9-x2x",uid="pod-uid-1"';

function pod(
  overrides: {
    spec?: Partial<Pod['spec']>;
    status?: Pod['status'];
    metadata?: Partial<Pod['metadata']>;
  } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-7d4b9-x2x',
      namespace: 'shop',
      uid: 'pod-uid-1',
      creationTimestamp: '2024-05-01T10:00:00Z',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9', uid: 'rs-1', controller: true },
      ],
      ...overrides.metadata,
    },
    spec: {
      nodeName: 'node-1',
      containers: [
        {
          name: 'app',
          image: 'nginx:1.25',
          resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        },
        { name: 'sidecar', image: 'envoy:1.30' },
      ],
      ...overrides.spec,
    },
    status: overrides.status,
  };
}

const running: Pod['status'] = {
  phase: 'Running',
  hostIP: '10.0.0.1',
  podIP: '10.244.1.5',
  startTime: '2024-05-01T10:00:02Z',
  conditions: [
    { type: 'PodScheduled', status: 'True' },
    { type: 'Ready', status: 'False' },
  ],
  containerStatuses: [
    {
      name: 'app',
      ready: true,
      restartCount: 3,
      image: 'nginx:1.25',
      imageID: 'sha256:aaa',
      containerID: 'orchestra://c1',
      state: { running: { startedAt: '2024-05-01T10:05:00Z' } },
      lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
    },
    {
      name: 'sidecar',
      ready: false,
      restartCount: 0,
      image: 'envoy:1.30',
      imageID: '',
      state: { waiting: { reason: 'CrashLoopBackOff' } },
    },
  ],
};

describe('pod families', () => {
  it('exports the phase as one series per phase, 1 for the current one', () => {
    expect(seriesOf(podMetrics, pod({ status: running }), 'kube_pod_status_phase')).toEqual([
      `kube_pod_status_phase{${own},phase="Pending"} 0`,
      `kube_pod_status_phase{${own},phase="Succeeded"} 0`,
      `kube_pod_status_phase{${own},phase="Failed"} 0`,
      `kube_pod_status_phase{${own},phase="Unknown"} 0`,
      `kube_pod_status_phase{${own},phase="Running"} 1`,
    ]);
  });

  it('exports Ready and PodScheduled as true/false/unknown, and nothing for a missing condition', () => {
    expect(
      seriesOf(podMetrics, pod({ status: running }), 'kube_pod_status_ready', 'kube_pod_status_scheduled'),
    ).toEqual([
      `kube_pod_status_ready{${own},condition="true"} 0`,
      `kube_pod_status_ready{${own},condition="false"} 1`,
      `kube_pod_status_ready{${own},condition="unknown"} 0`,
      `kube_pod_status_scheduled{${own},condition="true"} 1`,
      `kube_pod_status_scheduled{${own},condition="false"} 0`,
      `kube_pod_status_scheduled{${own},condition="unknown"} 0`,
    ]);
    expect(seriesOf(podMetrics, pod(), 'kube_pod_status_phase', 'kube_pod_status_ready')).toEqual([]);
  });

  it('marks a pod the scheduler could not place as unschedulable', () => {
    const pending = pod({
      spec: { nodeName: undefined },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
      },
    });
    expect(seriesOf(podMetrics, pending, 'kube_pod_status_unschedulable')).toEqual([
      `kube_pod_status_unschedulable{${own}} 1`,
    ]);
    expect(seriesOf(podMetrics, pod({ status: running }), 'kube_pod_status_unschedulable')).toEqual([]);
  });

  it('describes the pod, its controller and its owners', () => {
    expect(seriesOf(podMetrics, pod({ status: running }), 'kube_pod_info', 'kube_pod_owner')).toEqual([
      `kube_pod_info{${own},host_ip="10.0.0.1",pod_ip="10.244.1.5",node="node-1",created_by_kind="ReplicaSet",created_by_name="web-7d4b9",priority_class="",host_network="false"} 1`,
      `kube_pod_owner{${own},owner_kind="ReplicaSet",owner_name="web-7d4b9",owner_is_controller="true"} 1`,
    ]);
    const bare = pod({ metadata: { ownerReferences: undefined }, spec: { nodeName: undefined } });
    expect(seriesOf(podMetrics, bare, 'kube_pod_info', 'kube_pod_owner')).toEqual([
      `kube_pod_info{${own},host_ip="",pod_ip="",node="",created_by_kind="<none>",created_by_name="<none>",priority_class="",host_network="false"} 1`,
      `kube_pod_owner{${own},owner_kind="<none>",owner_name="<none>",owner_is_controller="<none>"} 1`,
    ]);
  });

  it('exports creation, start and deletion times in Unix seconds', () => {
    const deleting = pod({ status: running, metadata: { deletionTimestamp: '2024-05-01T11:00:00.900Z' } });
    expect(
      seriesOf(
        podMetrics,
        deleting,
        'kube_pod_created',
        'kube_pod_start_time',
        'kube_pod_deletion_timestamp',
      ),
    ).toEqual([
      `kube_pod_created{${own}} 1714557600`,
      `kube_pod_start_time{${own}} 1714557602`,
      `kube_pod_deletion_timestamp{${own}} 1714561200`,
    ]);
  });

  it("exports each container's state, readiness, restarts and reasons", () => {
    expect(
      seriesOf(
        podMetrics,
        pod({ status: running }),
        'kube_pod_container_info',
        'kube_pod_container_status_ready',
        'kube_pod_container_status_restarts_total',
        'kube_pod_container_status_running',
        'kube_pod_container_status_waiting',
        'kube_pod_container_status_waiting_reason',
        'kube_pod_container_status_terminated',
        'kube_pod_container_status_terminated_reason',
        'kube_pod_container_status_last_terminated_reason',
        'kube_pod_container_status_last_terminated_exitcode',
      ),
    ).toEqual([
      `kube_pod_container_info{${own},container="app",image_spec="nginx:1.25",image="nginx:1.25",image_id="sha256:aaa",container_id="orchestra://c1"} 1`,
      `kube_pod_container_info{${own},container="sidecar",image_spec="envoy:1.30",image="envoy:1.30",image_id="",container_id=""} 1`,
      `kube_pod_container_status_ready{${own},container="app"} 1`,
      `kube_pod_container_status_ready{${own},container="sidecar"} 0`,
      `kube_pod_container_status_restarts_total{${own},container="app"} 3`,
      `kube_pod_container_status_restarts_total{${own},container="sidecar"} 0`,
      `kube_pod_container_status_running{${own},container="app"} 1`,
      `kube_pod_container_status_running{${own},container="sidecar"} 0`,
      `kube_pod_container_status_waiting{${own},container="app"} 0`,
      `kube_pod_container_status_waiting{${own},container="sidecar"} 1`,
      `kube_pod_container_status_waiting_reason{${own},container="sidecar",reason="CrashLoopBackOff"} 1`,
      `kube_pod_container_status_terminated{${own},container="app"} 0`,
      `kube_pod_container_status_terminated{${own},container="sidecar"} 0`,
      `kube_pod_container_status_last_terminated_reason{${own},container="app",reason="OOMKilled"} 1`,
      `kube_pod_container_status_last_terminated_exitcode{${own},container="app"} 137`,
    ]);
  });

  it('exports the reason of a terminated container', () => {
    const done = pod({
      status: {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 0,
            image: 'x',
            imageID: '',
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
    });
    expect(
      seriesOf(
        podMetrics,
        done,
        'kube_pod_container_status_terminated',
        'kube_pod_container_status_terminated_reason',
      ),
    ).toEqual([
      `kube_pod_container_status_terminated{${own},container="app"} 1`,
      `kube_pod_container_status_terminated_reason{${own},container="app",reason="Completed"} 1`,
    ]);
  });

  it("exports requests and limits per container with the pod's node, CPU in cores and memory in bytes", () => {
    expect(
      seriesOf(
        podMetrics,
        pod(),
        'kube_pod_container_resource_requests',
        'kube_pod_container_resource_limits',
      ),
    ).toEqual([
      `kube_pod_container_resource_requests{${own},container="app",node="node-1",resource="cpu",unit="core"} 0.25`,
      `kube_pod_container_resource_requests{${own},container="app",node="node-1",resource="memory",unit="byte"} 67108864`,
      `kube_pod_container_resource_limits{${own},container="app",node="node-1",resource="memory",unit="byte"} 134217728`,
    ]);
  });
});
