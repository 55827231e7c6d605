import { DeploymentStatus } from '@orchestra/api';
import { newDeploymentCondition, setDeploymentCondition } from './deployment-conditions';

const t = (s: number) => Date.parse('2024-01-01T00:00:00Z') + s * 1000;

describe('setDeploymentCondition', () => {
  it('keeps lastTransitionTime while the status stays, and changes nothing for the same reason', () => {
    const status: DeploymentStatus = {};
    setDeploymentCondition(
      status,
      newDeploymentCondition('Progressing', 'True', 'NewReplicaSetCreated', 'm', t(0)),
    );
    setDeploymentCondition(
      status,
      newDeploymentCondition('Progressing', 'True', 'NewReplicaSetCreated', 'm', t(5)),
    );
    expect(status.conditions?.[0].lastUpdateTime).toBe('2024-01-01T00:00:00Z');
    setDeploymentCondition(
      status,
      newDeploymentCondition('Progressing', 'True', 'ReplicaSetUpdated', 'm', t(10)),
    );
    expect(status.conditions?.[0]).toMatchObject({
      reason: 'ReplicaSetUpdated',
      lastUpdateTime: '2024-01-01T00:00:10Z',
      lastTransitionTime: '2024-01-01T00:00:00Z',
    });
    setDeploymentCondition(
      status,
      newDeploymentCondition('Progressing', 'False', 'ProgressDeadlineExceeded', 'm', t(20)),
    );
    expect(status.conditions?.[0].lastTransitionTime).toBe('2024-01-01T00:00:20Z');
  });
});
