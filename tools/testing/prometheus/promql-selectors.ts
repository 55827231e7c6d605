/**
 * The series an expression reads, from Prometheus' own PromQL grammar (lezer-promql, which the
 * Prometheus UI uses): each vector selector's metric name and its `job` matchers.
 */
import { parser } from '@prometheus-io/lezer-promql';

export interface SelectorInput {
  metric: string;
  /** The selector narrowed to the metric name and its `job` matchers: must match some series. */
  selector: string;
}

export function selectorsOf(expr: string): SelectorInput[] {
  const tree = parser.parse(expr);
  const inputs = new Map<string, SelectorInput>();
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`not PromQL at ${cursor.from}: ${expr}`);
    if (cursor.name !== 'VectorSelector') continue;
    const node = cursor.node;
    const metric = node.getChild('Identifier');
    if (!metric) continue; // `{__name__=~"..."}`-only selectors name no metric
    const name = expr.slice(metric.from, metric.to);
    const jobMatchers = (node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? [])
      .map((m) => expr.slice(m.from, m.to))
      .filter((m) => /^job\s*(=|!=|=~|!~)/.test(m));
    const selector = jobMatchers.length ? `${name}{${jobMatchers.join(',')}}` : name;
    inputs.set(selector, { metric: name, selector });
  } while (cursor.next());
  return [...inputs.values()];
}
