import { experimentFromQuery } from './chaos-request';

describe(experimentFromQuery.name, () => {
  it('reads workload=Kind/name as spec.selector.workload, the kind in any case', () => {
    const experiment = experimentFromQuery(
      'pod-kill',
      new URLSearchParams('namespace=demo&workload=daemonset/node-agent&mode=all'),
    );
    expect(experiment.spec).toEqual({
      action: 'pod-kill',
      selector: { workload: { kind: 'DaemonSet', name: 'node-agent' } },
      mode: 'all',
    });
    expect(
      experimentFromQuery('pod-kill', new URLSearchParams('workload=Job/report&labelSelector=app=report'))
        .spec.selector,
    ).toEqual({ labelSelector: 'app=report', workload: { kind: 'Job', name: 'report' } });
  });

  it('keeps an unknown kind or a missing name as given, for validation to name', () => {
    expect(experimentFromQuery('pod-kill', new URLSearchParams('workload=pods/web-1')).spec.selector).toEqual(
      {
        workload: { kind: 'pods', name: 'web-1' },
      },
    );
    expect(
      experimentFromQuery('pod-kill', new URLSearchParams('workload=StatefulSet')).spec.selector,
    ).toEqual({
      workload: { kind: 'StatefulSet' },
    });
  });
});
