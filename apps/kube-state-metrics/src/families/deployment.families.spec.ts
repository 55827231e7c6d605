import type { Deployment } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { deploymentMetrics, scaledValue } from './deployment.families';

const own = 'namespace="shop",deployment="web"';

const deployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', generation: 4, creationTimestamp: '2024-05-01T10:00:00Z' },
  spec: {
    replicas: 5,
    selector: { matchLabels: { app: 'web' } },
    template: { spec: { containers: [{ name: 'app' }] } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
  },
  status: {
    observedGeneration: 3,
    replicas: 6,
    updatedReplicas: 2,
    readyReplicas: 4,
    availableReplicas: 4,
    unavailableReplicas: 2,
    conditions: [
      { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' },
      { type: 'Progressing', status: 'True', reason: 'SomethingOrchestraSays' },
    ],
  },
};

describe('deployment families', () => {
  it('exports desired, current, ready, available, unavailable and updated replicas, and generations', () => {
    expect(seriesOf(deploymentMetrics, deployment).filter((line) => !line.includes('_condition'))).toEqual([
      `kube_deployment_created{${own}} 1714557600`,
      `kube_deployment_spec_replicas{${own}} 5`,
      `kube_deployment_spec_paused{${own}} 0`,
      `kube_deployment_spec_strategy_rollingupdate_max_unavailable{${own}} 1`,
      `kube_deployment_spec_strategy_rollingupdate_max_surge{${own}} 2`,
      `kube_deployment_metadata_generation{${own}} 4`,
      `kube_deployment_status_replicas{${own}} 6`,
      `kube_deployment_status_replicas_ready{${own}} 4`,
      `kube_deployment_status_replicas_available{${own}} 4`,
      `kube_deployment_status_replicas_unavailable{${own}} 2`,
      `kube_deployment_status_replicas_updated{${own}} 2`,
      `kube_deployment_status_observed_generation{${own}} 3`,
    ]);
  });

  it('exports each condition as true/false/unknown, with reasons outside the controller\'s own as "unknown"', () => {
    expect(seriesOf(deploymentMetrics, deployment, 'kube_deployment_status_condition')).toEqual([
      `kube_deployment_status_condition{${own},reason="MinimumReplicasUnavailable",condition="Available",status="true"} 0`,
      `kube_deployment_status_condition{${own},reason="MinimumReplicasUnavailable",condition="Available",status="false"} 1`,
      `kube_deployment_status_condition{${own},reason="MinimumReplicasUnavailable",condition="Available",status="unknown"} 0`,
      `kube_deployment_status_condition{${own},reason="unknown",condition="Progressing",status="true"} 1`,
      `kube_deployment_status_condition{${own},reason="unknown",condition="Progressing",status="false"} 0`,
      `kube_deployment_status_condition{${own},reason="unknown",condition="Progressing",status="unknown"} 0`,
    ]);
  });

  it('reads a fresh Deployment (no status yet, Recreate) as zeros and no rolling-update series', () => {
    const fresh: Deployment = {
      ...deployment,
      spec: { ...deployment.spec, paused: true, strategy: { type: 'Recreate' } },
      status: undefined,
    };
    const lines = seriesOf(deploymentMetrics, fresh);
    expect(lines).toContain(`kube_deployment_spec_paused{${own}} 1`);
    expect(lines).toContain(`kube_deployment_status_replicas_available{${own}} 0`);
    expect(lines.filter((l) => l.includes('rollingupdate') || l.includes('_condition'))).toEqual([]);
  });

  it('scales percentages of the desired replicas as intstr does', () => {
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue(3, 10, true)).toBe(3);
    expect(scaledValue('3', 10, true)).toBe(3);
    expect(scaledValue('lots', 10, true)).toBeUndefined();
  });
});
