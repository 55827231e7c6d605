import type { ReplicaSet } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { replicaSetMetrics } from './replicaset.families';

const own = 'namespace="shop",replicaset="web-7d4b9"';

describe('replicaset families', () => {
  it('exports replicas, readiness, generations and the owning Deployment', () => {
    const rs: ReplicaSet = {
      metadata: {
        name: 'web-7d4b9',
        namespace: 'shop',
        generation: 2,
        creationTimestamp: '2024-05-01T10:00:00Z',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true },
        ],
      },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } },
      status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 1, observedGeneration: 2 },
    };
    expect(seriesOf(replicaSetMetrics, rs)).toEqual([
      `kube_replicaset_created{${own}} 1714557600`,
      `kube_replicaset_spec_replicas{${own}} 3`,
      `kube_replicaset_status_replicas{${own}} 3`,
      `kube_replicaset_status_fully_labeled_replicas{${own}} 3`,
      `kube_replicaset_status_ready_replicas{${own}} 1`,
      `kube_replicaset_status_observed_generation{${own}} 2`,
      `kube_replicaset_metadata_generation{${own}} 2`,
      `kube_replicaset_owner{${own},owner_kind="Deployment",owner_name="web",owner_is_controller="true"} 1`,
    ]);
  });
});
