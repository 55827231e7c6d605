/**
 * `kube_<resource>_labels`: the object's Kubernetes labels as Prometheus labels (`app` →
 * `label_app`), one sample of value 1, so `* on (namespace, daemonset) group_left(label_app)`
 * can join them onto the other series. kube-state-metrics emits only the labels its
 * `--metric-labels-allowlist` names; the playground behaves as if started with
 * `--metric-labels-allowlist=<resource>=[*]`: a learner's labels are few and worth seeing.
 */
import type { Emit } from '../exposition/metric-family';

/**
 * A Kubernetes label key as a Prometheus label name (kube-state-metrics' labelName): anything but
 * letters, digits and `_` becomes `_`, camelCase becomes snake_case, prefixed with `label_`.
 */
export function prometheusLabelName(key: string): string {
  const sanitized = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return `label_${sanitized.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

/** One sample: every label, sorted by key as kube-state-metrics sorts them. */
export function emitKubeLabels(emit: Emit, labels: Readonly<Record<string, string>> | undefined): void {
  const keys = Object.keys(labels ?? {}).sort();
  emit(1, Object.fromEntries(keys.map((key) => [prometheusLabelName(key), labels![key]])));
}
