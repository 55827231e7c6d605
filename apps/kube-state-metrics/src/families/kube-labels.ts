/**
 * `kube_<resource>_labels`: the object's Kubernetes labels as Prometheus labels (`app` →
 * `label_app`), one sample of value 1, so `* on (namespace, daemonset) group_left(label_app)`
 * can join them onto the other series. kube-state-metrics emits only the labels its
 * `--metric-labels-allowlist` names; the playground behaves as if started with
 * `--metric-labels-allowlist=<resource>=[*]`: a learner's labels are few and worth seeing.
 */
import type { Emit } from '../exposition/metric-family';

/** kube-state-metrics' sanitizeLabelName: anything but letters, digits and `_` becomes `_`. */
export const prometheusLabelName = (key: string) => `label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/** One sample: every label, sorted by key as kube-state-metrics sorts them. */
export function emitKubeLabels(emit: Emit, labels: Readonly<Record<string, string>> | undefined): void {
  const keys = Object.keys(labels ?? {}).sort();
  emit(1, Object.fromEntries(keys.map((key) => [prometheusLabelName(key), labels![key]])));
}
