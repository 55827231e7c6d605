import { defaultReplicaSet } from './replicaset.defaults';

describe(defaultReplicaSet.name, () => {
  it('fills replicas and the pod template', () => {
    const rs = { spec: { template: { spec: { containers: [{ image: 'nginx:1' }] } } } };
    defaultReplicaSet(rs);
    expect(rs.spec).toMatchObject({
      replicas: 1,
      template: { spec: { dnsPolicy: 'ClusterFirst', containers: [{ imagePullPolicy: 'IfNotPresent' }] } },
    });
  });
});
