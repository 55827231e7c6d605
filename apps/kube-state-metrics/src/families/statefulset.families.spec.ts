import type { StatefulSet } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { statefulSetMetrics } from './statefulset.families';

const own = 'namespace="shop",statefulset="web"';

const statefulSet: StatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: {
    name: 'web',
    namespace: 'shop',
    generation: 3,
    creationTimestamp: '2024-05-01T10:00:00Z',
    labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' },
  },
  spec: {
    replicas: 3,
    serviceName: 'web',
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web' }] } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  },
  status: {
    observedGeneration: 2,
    replicas: 3,
    readyReplicas: 2,
    currentReplicas: 1,
    updatedReplicas: 2,
    availableReplicas: 2,
    currentRevision: 'web-6c9f8b7d5',
    updateRevision: 'web-7d4b9c8f5',
    collisionCount: 0,
  },
};

describe('statefulset families', () => {
  it("exports kube-state-metrics' series: replicas, revisions, generations and labels", () => {
    expect(seriesOf(statefulSetMetrics, statefulSet)).toEqual([
      `kube_statefulset_created{${own}} 1714557600`,
      `kube_statefulset_status_replicas{${own}} 3`,
      `kube_statefulset_status_replicas_available{${own}} 2`,
      `kube_statefulset_status_replicas_current{${own}} 1`,
      `kube_statefulset_status_replicas_ready{${own}} 2`,
      `kube_statefulset_status_replicas_updated{${own}} 2`,
      `kube_statefulset_status_observed_generation{${own}} 2`,
      `kube_statefulset_replicas{${own}} 3`,
      `kube_statefulset_metadata_generation{${own}} 3`,
      `kube_statefulset_persistentvolumeclaim_retention_policy{${own},when_deleted="Retain",when_scaled="Retain"} 1`,
      `kube_statefulset_labels{${own},label_app="web",label_app_kubernetes_io_part_of="shop"} 1`,
      `kube_statefulset_status_current_revision{${own},revision="web-6c9f8b7d5"} 1`,
      `kube_statefulset_status_update_revision{${own},revision="web-7d4b9c8f5"} 1`,
    ]);
  });

  it('reads a fresh StatefulSet (no status yet) as zeros and empty revisions; a start ordinal and a deletion show', () => {
    const fresh: StatefulSet = {
      ...statefulSet,
      metadata: { ...statefulSet.metadata, labels: undefined, deletionTimestamp: '2024-05-01T11:00:00Z' },
      spec: { ...statefulSet.spec, ordinals: { start: 5 } },
      status: undefined,
    };
    const series = seriesOf(statefulSetMetrics, fresh);
    expect(series).toContain(`kube_statefulset_status_replicas_ready{${own}} 0`);
    expect(series).toContain(`kube_statefulset_status_current_revision{${own},revision=""} 1`);
    expect(series).toContain(`kube_statefulset_ordinals_start{${own}} 5`);
    expect(series).toContain(`kube_statefulset_labels{${own}} 1`);
    expect(series).toContain(`kube_statefulset_deletion_timestamp{${own}} 1714561200`);
  });
});
