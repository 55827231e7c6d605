import type { DaemonSet } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { daemonSetMetrics } from './daemonset.families';

const own = 'namespace="kube-system",daemonset="log-agent"';

const daemonSet: DaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {
    name: 'log-agent',
    namespace: 'kube-system',
    generation: 3,
    creationTimestamp: '2024-05-01T10:00:00Z',
    labels: { 'app.kubernetes.io/name': 'log-agent', tier: 'node' },
  },
  spec: {
    selector: { matchLabels: { app: 'log-agent' } },
    template: { spec: { containers: [{ name: 'agent' }] } },
  },
  status: {
    currentNumberScheduled: 4,
    desiredNumberScheduled: 5,
    numberAvailable: 3,
    numberMisscheduled: 1,
    numberReady: 3,
    numberUnavailable: 2,
    observedGeneration: 2,
    updatedNumberScheduled: 2,
  },
};

describe('daemonset families', () => {
  it("exports kube-state-metrics' scheduled, ready, available and updated counts, generations and labels", () => {
    expect(seriesOf(daemonSetMetrics, daemonSet)).toEqual([
      `kube_daemonset_created{${own}} 1714557600`,
      `kube_daemonset_status_current_number_scheduled{${own}} 4`,
      `kube_daemonset_status_desired_number_scheduled{${own}} 5`,
      `kube_daemonset_status_number_available{${own}} 3`,
      `kube_daemonset_status_number_misscheduled{${own}} 1`,
      `kube_daemonset_status_number_ready{${own}} 3`,
      `kube_daemonset_status_number_unavailable{${own}} 2`,
      `kube_daemonset_status_observed_generation{${own}} 2`,
      `kube_daemonset_status_updated_number_scheduled{${own}} 2`,
      `kube_daemonset_metadata_generation{${own}} 3`,
      `kube_daemonset_labels{${own},label_app_kubernetes_io_name="log-agent",label_tier="node"} 1`,
    ]);
  });

  it('reads a DaemonSet the controller has not seen yet as zeros, and one without labels as one bare sample', () => {
    const fresh: DaemonSet = {
      ...daemonSet,
      metadata: { name: 'log-agent', namespace: 'kube-system' },
      status: undefined,
    };
    const lines = seriesOf(daemonSetMetrics, fresh);
    expect(lines).not.toContainEqual(expect.stringContaining('kube_daemonset_created'));
    expect(lines).toContain(`kube_daemonset_status_desired_number_scheduled{${own}} 0`);
    expect(lines).toContain(`kube_daemonset_status_number_ready{${own}} 0`);
    expect(lines).toContain(`kube_daemonset_metadata_generation{${own}} 0`);
    expect(lines).toContain(`kube_daemonset_labels{${own}} 1`);
  });
});
