/**
 * Resource quantities as kube-state-metrics exports them (`resource` and `unit` labels): CPU in
 * cores (`core`), memory, storage, hugepages and attachable volumes in bytes (`byte`), pods and
 * extended resources (`nvidia.com/gpu`) as plain counts (`integer`). Other resources are skipped,
 * as there. Resource names become label-safe (`ephemeral-storage` → `ephemeral_storage`).
 */
import { parseQuantity, type ResourceList } from '@orchestra/api';

export type ResourceUnit = 'core' | 'byte' | 'integer';

export interface ResourceSample {
  /** The label-safe resource name. */
  resource: string;
  unit: ResourceUnit;
  value: number;
}

/** Which resources count, and in what unit; `pods` only where kube-state-metrics counts it (nodes). */
export function resourceUnit(name: string, { pods }: { pods: boolean }): ResourceUnit | undefined {
  switch (name) {
    case 'cpu':
      return 'core';
    case 'memory':
    case 'storage':
    case 'ephemeral-storage':
      return 'byte';
    case 'pods':
      return pods ? 'integer' : undefined;
  }
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return 'byte';
  // Extended resources are domain-prefixed and outside kubernetes.io (Kubernetes' IsExtendedResourceName).
  if (name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.'))
    return 'integer';
  return undefined;
}

/** kube-state-metrics' sanitizeLabelName: anything but `[a-zA-Z0-9_]` becomes `_`. */
export function sanitizeResourceName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * The few distinct quantity strings of a cluster (`100m`, `64Mi`, `110`) are each parsed once:
 * parsing is exact (bigint) and would otherwise run for every container at every scrape.
 */
const parsed = new Map<string, { cores: number; whole: number } | null>();
const MAX_CACHED = 10_000;

function quantity(raw: string): { cores: number; whole: number } | null {
  let hit = parsed.get(raw);
  if (hit !== undefined) return hit;
  try {
    const q = parseQuantity(raw);
    // Cores from millicores, as kube-state-metrics' MilliValue()/1000; everything else whole units.
    hit = { cores: q.toMilli() / 1000, whole: q.value() };
  } catch {
    hit = null; // the apiserver validates quantities; a bad one is skipped, not fatal
  }
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(raw, hit);
  return hit;
}

/** The resource list's samples, in the list's order. */
export function resourceSamples(
  list: ResourceList | undefined,
  options: { pods: boolean },
): ResourceSample[] {
  const samples: ResourceSample[] = [];
  for (const name in list) {
    const unit = resourceUnit(name, options);
    const value = unit && quantity(list[name]);
    if (!unit || !value) continue;
    samples.push({
      resource: sanitizeResourceName(name),
      unit,
      value: unit === 'core' ? value.cores : value.whole,
    });
  }
  return samples;
}
