import { defaultDeployment } from './deployment.defaults';

describe(defaultDeployment.name, () => {
  it('fills replicas, strategy, history, deadline and the pod template', () => {
    const d = {
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'w', image: 'nginx' }] },
        },
      },
    };
    defaultDeployment(d);
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Always' } },
    });
  });

  it('keeps explicit values and gives Recreate no rollingUpdate', () => {
    const d = { spec: { replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0 } };
    defaultDeployment(d);
    expect(d.spec).toEqual({
      replicas: 0,
      strategy: { type: 'Recreate' },
      revisionHistoryLimit: 0,
      progressDeadlineSeconds: 600,
    });
    const partial = { spec: { strategy: { rollingUpdate: { maxSurge: 1 } } } };
    defaultDeployment(partial);
    expect(partial.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' },
    });
  });
});
