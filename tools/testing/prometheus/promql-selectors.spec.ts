import { selectorsOf } from './promql-selectors';

describe('selectorsOf', () => {
  it('finds every metric an expression reads, keeping only its job matchers', () => {
    const expr =
      'sum by (verb) (rate(apiserver_request_total{job="kube-apiserver", code=~"5.."}[5m]))' +
      ' / ignoring(code) group_left kube_pod_info or vector(0) and on() absent(up{job=~"kube-scheduler"} == 1)';
    expect(selectorsOf(expr)).toEqual([
      { metric: 'apiserver_request_total', selector: 'apiserver_request_total{job="kube-apiserver"}' },
      { metric: 'kube_pod_info', selector: 'kube_pod_info' },
      { metric: 'up', selector: 'up{job=~"kube-scheduler"}' },
    ]);
  });

  it('lists a selector once however often it is read', () => {
    expect(selectorsOf('rate(x_total[1m]) / rate(x_total[5m])')).toEqual([
      { metric: 'x_total', selector: 'x_total' },
    ]);
  });

  it('rejects what is not PromQL', () => {
    expect(() => selectorsOf('sum(rate(x_total[5m])')).toThrow(/not PromQL/);
  });
});
