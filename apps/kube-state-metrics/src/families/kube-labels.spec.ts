import { emitKubeLabels, prometheusLabelName } from './kube-labels';

describe('kube_<resource>_labels', () => {
  it('turns label keys into Prometheus label names as kube-state-metrics does', () => {
    expect(prometheusLabelName('app.kubernetes.io/name')).toBe('label_app_kubernetes_io_name');
    expect(prometheusLabelName('tierName')).toBe('label_tier_name');
    expect(prometheusLabelName('HTTP2-port')).toBe('label_http2_port');
  });

  it('emits one sample with every label, sorted by key', () => {
    const samples: [number, Record<string, string>][] = [];
    emitKubeLabels((value, labels) => samples.push([value, labels ?? {}]), { tier: 'web', app: 'shop' });
    expect(samples).toEqual([[1, { label_app: 'shop', label_tier: 'web' }]]);
    expect(Object.keys(samples[0][1])).toEqual(['label_app', 'label_tier']);
  });
});
