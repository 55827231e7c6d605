/** Test helper: an object's series as exposition lines, as a scrape would show them. */
import type { ApiObject } from '@orchestra/client';
import type { ResourceMetrics } from '../src/exposition/resource-metrics';
import { renderFamily, renderLabels } from '../src/exposition/text-format';

/** Every sample line of the named families (all of them when none are named), in family order. */
export function seriesOf<T extends ApiObject>(
  metrics: ResourceMetrics<T>,
  object: T,
  ...names: string[]
): string[] {
  const own = [renderLabels(metrics.ownLabels(object))];
  return metrics.families
    .filter((family) => names.length === 0 || names.includes(family.name))
    .flatMap((family) =>
      Buffer.concat(renderFamily(family, [object], own))
        .toString('utf8')
        .split('\n'),
    )
    .filter((line) => line && !line.startsWith('#'));
}
