import { k8sProtoMessages, protoRootMessageFor } from './k8s-proto-schema';

describe('k8sProtoMessages', () => {
  it('parses every table and resolves every message it names (checked at load)', () => {
    expect(k8sProtoMessages.size).toBeGreaterThan(60);
    expect(k8sProtoMessages.get('DeploymentSpec')?.get(1)).toMatchObject({ name: 'replicas', pointer: true });
  });

  it('gives each JSON name one field number per message', () => {
    for (const [name, fields] of k8sProtoMessages) {
      const names = [...fields.values()].filter((f) => !f.inline).map((f) => f.name);
      expect({ name, names: new Set(names).size }).toEqual({ name, names: names.length });
    }
  });
});

describe(protoRootMessageFor.name, () => {
  it.each([
    ['v1', 'Namespace', 'Namespace'],
    ['v1', 'Pod', 'Pod'],
    ['apps/v1', 'Deployment', 'Deployment'],
    ['apps/v1', 'ReplicaSet', 'ReplicaSet'],
    ['coordination.k8s.io/v1', 'Lease', 'Lease'],
    ['autoscaling/v1', 'Scale', 'Scale'],
    ['meta.k8s.io/v1', 'DeleteOptions', 'DeleteOptions'],
    ['v1', 'DeleteOptions', 'DeleteOptions'],
  ])('maps %s %s to %s', (apiVersion, kind, message) => {
    expect(protoRootMessageFor(apiVersion, kind)).toBe(message);
  });

  it.each([
    ['v1', 'PersistentVolumeClaim'],
    ['apps/v1', 'Pod'],
    ['v1', 'Deployment'],
  ])('knows no message for %s %s', (apiVersion, kind) => {
    expect(protoRootMessageFor(apiVersion, kind)).toBeUndefined();
  });
});
