/**
 * Stands in for the kubelet in control-loop tests, until the nodes issue brings the real one:
 * pods bound to a node become Running and Ready (with a pod IP), and pods being deleted on a
 * node are removed (grace period 0), as a kubelet confirms a stop. Works through the API only.
 */
import { builtinResources, Node, Pod, ResourceDefinition, Taint } from '@orchestra/api';
import { ApiClient, Informer } from '@orchestra/client';

const pods = builtinResources.find((d) => d.kind === 'Pod') as ResourceDefinition;
const nodes = builtinResources.find((d) => d.kind === 'Node') as ResourceDefinition;

export class StandinKubelet {
  private readonly informer: Informer<Pod>;
  private readonly inFlight = new Set<string>();
  private nextIp = 1;
  /** Pods whose readiness the test holds back: they stay Running but not Ready. */
  readonly holdNotReady = new Set<string>();

  constructor(private readonly client: ApiClient) {
    this.informer = new Informer<Pod>(client.resource<Pod>(pods), {});
    const sync = (pod: Pod) => void this.sync(pod);
    this.informer.addEventHandler({ onAdd: sync, onUpdate: (_old, pod) => sync(pod) });
  }

  async start(): Promise<void> {
    this.informer.start();
    await this.informer.waitForSync(10_000);
  }

  stop(): Promise<void> {
    return this.informer.stop();
  }

  /** Registers Nodes with capacity, labels and a Ready condition, as a kubelet would. */
  static async createNodes(
    client: ApiClient,
    specs: {
      name: string;
      zone?: string;
      cpu?: string;
      memory?: string;
      pods?: string;
      taints?: Taint[];
    }[],
  ): Promise<void> {
    for (const spec of specs) {
      const capacity = { cpu: spec.cpu ?? '4', memory: spec.memory ?? '8Gi', pods: spec.pods ?? '110' };
      await client.resource<Node>(nodes).create({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: spec.name,
          labels: {
            'kubernetes.io/hostname': spec.name,
            'kubernetes.io/os': 'linux',
            ...(spec.zone ? { 'topology.kubernetes.io/zone': spec.zone } : {}),
          },
        },
        spec: spec.taints ? { taints: spec.taints } : {},
        status: {
          capacity,
          allocatable: capacity,
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              lastTransitionTime: new Date().toISOString(),
            },
          ],
        },
      });
    }
  }

  private async sync(pod: Pod): Promise<void> {
    const node = pod.spec.nodeName;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (!node || this.inFlight.has(key)) return;
    this.inFlight.add(key);
    try {
      const podClient = this.client.resource<Pod>(pods);
      if (pod.metadata.deletionTimestamp) {
        await podClient
          .delete(pod.metadata.name!, pod.metadata.namespace, { gracePeriodSeconds: 0 })
          .catch(() => undefined);
        return;
      }
      const ready = !this.holdNotReady.has(key);
      const status = pod.status ?? {};
      const isReady = status.conditions?.some(
        (c) => c.type === 'Ready' && c.status === (ready ? 'True' : 'False'),
      );
      if (status.phase === 'Running' && isReady) return;
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const readyStatus = ready ? 'True' : 'False';
      await podClient
        .updateStatus({
          ...pod,
          status: {
            ...status,
            phase: 'Running',
            hostIP: '10.0.0.1',
            podIP: status.podIP ?? `10.244.0.${this.nextIp++ % 250}`,
            startTime: status.startTime ?? now,
            conditions: [
              { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
              { type: 'Initialized', status: 'True', lastTransitionTime: now },
              { type: 'ContainersReady', status: readyStatus, lastTransitionTime: now },
              { type: 'Ready', status: readyStatus, lastTransitionTime: now },
            ],
            containerStatuses: pod.spec.containers.map((c) => ({
              name: c.name,
              image: c.image ?? '',
              imageID: '',
              ready,
              restartCount: 0,
              started: true,
              state: { running: { startedAt: now } },
            })),
          },
        })
        .catch(() => undefined); // a conflict or a vanished pod: the next event brings it back here
    } finally {
      this.inFlight.delete(key);
    }
  }
}
