import { defaultDaemonSet } from './daemonset.defaults';

describe(defaultDaemonSet.name, () => {
  it('fills RollingUpdate with maxUnavailable 1, revisionHistoryLimit 10 and the pod template', () => {
    const ds = { spec: { template: { spec: { containers: [{ image: 'agent:1' }] } } } };
    defaultDaemonSet(ds);
    expect(ds.spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
      template: { spec: { dnsPolicy: 'ClusterFirst', containers: [{ imagePullPolicy: 'IfNotPresent' }] } },
    });
  });

  it('leaves OnDelete without rollingUpdate', () => {
    const ds = { spec: { updateStrategy: { type: 'OnDelete' }, template: { spec: { containers: [] } } } };
    defaultDaemonSet(ds);
    expect(ds.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });
});
