/** Label and selector strings as Kubernetes prints them (labels.FormatLabels, metav1.FormatLabelSelector). */
import { LabelSelector } from '@orchestra/api';

const byKey = <T extends { key: string }>(a: T, b: T): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** `app=web,tier=front`, sorted by key; `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {})
    .map(([key, value]) => ({ key, text: `${key}=${value}` }))
    .sort(byKey);
  return pairs.length > 0 ? pairs.map((p) => p.text).join(',') : '<none>';
}

/** `app=web,tier in (a,b),!legacy`, requirements sorted by key; empty string for an empty selector. */
export function selectorString(selector: LabelSelector | undefined): string {
  const requirements = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({ key, text: `${key}=${value}` })),
    ...(selector?.matchExpressions ?? []).map((e) => {
      const values = [...(e.values ?? [])].sort().join(',');
      const text =
        e.operator === 'In'
          ? `${e.key} in (${values})`
          : e.operator === 'NotIn'
            ? `${e.key} notin (${values})`
            : e.operator === 'Exists'
              ? e.key
              : `!${e.key}`;
      return { key: e.key, text };
    }),
  ].sort(byKey);
  return requirements.map((r) => r.text).join(',');
}

/** FormatLabelSelector: like selectorString, but `<none>` when empty. */
export const formatLabelSelector = (selector: LabelSelector | undefined): string =>
  selectorString(selector) || '<none>';
