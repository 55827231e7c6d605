/**
 * A metric family as kube-state-metrics' FamilyGenerator: a name, its help, its type, and how one
 * object becomes its samples. The object's own labels (`namespace`, `pod`, `uid`, …) are added by
 * the resource's store, so a family only names the labels that are its own.
 */

/** A sample's labels beyond the object's own, in exposition order. */
export type Labels = Readonly<Record<string, string>>;

/** Called once per sample a family makes of an object. */
export type Emit = (value: number, labels?: Labels) => void;

export type MetricType = 'gauge' | 'counter';

export interface MetricFamily<T> {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  samples(object: T, emit: Emit): void;
}

/** A gauge family, the common case. */
export function gauge<T>(name: string, help: string, samples: MetricFamily<T>['samples']): MetricFamily<T> {
  return { name, help, type: 'gauge', samples };
}

export function counter<T>(name: string, help: string, samples: MetricFamily<T>['samples']): MetricFamily<T> {
  return { name, help, type: 'counter', samples };
}

/** The samples a family makes of one object, for tests and for anyone reading values directly. */
export function samplesOf<T>(family: MetricFamily<T>, object: T): { labels: Labels; value: number }[] {
  const samples: { labels: Labels; value: number }[] = [];
  family.samples(object, (value, labels = {}) => samples.push({ labels, value }));
  return samples;
}
