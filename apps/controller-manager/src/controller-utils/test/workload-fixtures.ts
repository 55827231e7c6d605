/**
 * Builders and a tiny simulated cluster loop for the workload controllers' unit tests: the
 * in-memory cluster, both reconcilers wired as the real wiring will (expectations fed by pod
 * events), and a "kubelet" that schedules, starts and readies pods one tick after they appear.
 */
import { Deployment, Pod, PodTemplateSpec, ReplicaSet } from '@orchestra/api';
import { objectKey } from '@orchestra/client';
import { rfc3339 } from '../clock';
import { ControllerExpectations } from '../controller-expectations';
import { getControllerOf } from '../controller-ref';
import { isPodAvailable, isPodReady } from '../pod-readiness';
import { DeploymentReconciler } from '../../deployment/deployment.reconciler';
import { ReplicaSetReconciler } from '../../replicaset/replicaset.reconciler';
import { FakeClock, InMemoryCluster } from './in-memory-cluster';

export function template(image: string, labels: Record<string, string> = { app: 'web' }): PodTemplateSpec {
  return { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } };
}

export function deployment(name: string, spec: Partial<Deployment['spec']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: template('nginx:1'),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...spec,
    },
  };
}

export function replicaSet(
  name: string,
  replicas: number,
  spec: Partial<ReplicaSet['spec']> = {},
): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: template('nginx:1'), ...spec },
  };
}

export function readyCondition(since: number) {
  return { type: 'Ready', status: 'True' as const, lastTransitionTime: rfc3339(since) };
}

export class SimulatedCluster {
  readonly clock = new FakeClock();
  readonly cluster = new InMemoryCluster(this.clock);
  readonly expectations = new ControllerExpectations(this.clock);
  readonly rsController: ReplicaSetReconciler;
  readonly deploymentController: DeploymentReconciler;
  /** Templates (by image) whose pods never become ready. */
  readonly broken = new Set<string>();

  constructor() {
    const { cluster, clock } = this;
    const common = { api: cluster, events: cluster, clock };
    this.rsController = new ReplicaSetReconciler({
      ...common,
      replicaSets: cluster.lister('replicasets'),
      pods: cluster.lister('pods'),
      expectations: this.expectations,
    });
    this.deploymentController = new DeploymentReconciler({
      ...common,
      deployments: cluster.lister('deployments'),
      replicaSets: cluster.lister('replicasets'),
      pods: cluster.lister('pods'),
    });
    // What the wiring does with pod informer events.
    cluster.watchers.push((kind, type, obj) => {
      if (kind !== 'pods') return;
      const owner = getControllerOf(obj);
      if (owner?.kind !== 'ReplicaSet') return;
      const rsKey = `${obj.metadata.namespace}/${owner.name}`;
      if (type === 'ADDED') this.expectations.creationObserved(rsKey);
      if (type === 'DELETED' || obj.metadata.deletionTimestamp)
        this.expectations.deletionObserved(rsKey, objectKey(obj));
    });
  }

  pods(): Pod[] {
    return this.cluster.all<Pod>('pods');
  }

  activePods(): Pod[] {
    return this.pods().filter((p) => !p.metadata.deletionTimestamp);
  }

  availablePods(minReadySeconds = 0): Pod[] {
    return this.activePods().filter((p) => isPodAvailable(p, minReadySeconds, this.clock.now()));
  }

  /** Reconcile every Deployment and ReplicaSet until nothing writes any more. */
  async settle(check: () => void = () => undefined, rounds = 20): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      const before = this.cluster.calls.length;
      for (const key of this.cluster.lister('deployments').keys())
        await this.deploymentController.reconcile(key);
      check();
      for (const key of this.cluster.lister('replicasets').keys()) {
        await this.rsController.reconcile(key);
        check();
      }
      if (this.cluster.calls.length === before) return;
    }
  }

  /** One kubelet tick: terminating pods go away, new pods start, started pods become ready. */
  kubeletTick(seconds = 1): void {
    this.clock.advance(seconds);
    for (const pod of this.pods()) {
      const key = objectKey(pod);
      if (pod.metadata.deletionTimestamp) {
        this.cluster.remove('pods', key);
      } else if (!pod.spec.nodeName) {
        this.cluster.modify<Pod>('pods', key, (p) => {
          p.spec.nodeName = 'node-1';
          p.status = { phase: 'Running' };
        });
      } else if (!isPodReady(pod) && !this.broken.has(pod.spec.containers[0].image ?? '')) {
        this.cluster.modify<Pod>('pods', key, (q) => {
          q.status = { phase: 'Running', conditions: [readyCondition(this.clock.now())] };
        });
      }
    }
  }
}
