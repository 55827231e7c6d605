/**
 * Every PromQL expression the Grafana dashboards in grafana/dashboards/ run, with Grafana's
 * variables filled in as Grafana would on first load (each template variable's saved current
 * value; `All` as `.*`; the built-in intervals as given).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

interface Panel {
  id?: number;
  title?: string;
  type?: string;
  targets?: { expr?: string; refId?: string; hide?: boolean }[];
  panels?: Panel[];
}

interface TemplateVariable {
  name: string;
  current?: { value?: string | string[] };
}

interface Dashboard {
  title: string;
  panels?: Panel[];
  templating?: { list?: TemplateVariable[] };
}

export interface BuiltInIntervals {
  rateInterval: string;
  interval: string;
  range: string;
}

export function dashboardQueries(dir: string, intervals: BuiltInIntervals): PanelQuery[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => queriesOf(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard, intervals));
}

function queriesOf(dashboard: Dashboard, intervals: BuiltInIntervals): PanelQuery[] {
  const values = new Map<string, string>([
    ['__rate_interval', intervals.rateInterval],
    ['__interval', intervals.interval],
    ['__range', intervals.range],
  ]);
  for (const variable of dashboard.templating?.list ?? []) values.set(variable.name, currentValue(variable));
  const substitute = (expr: string) =>
    expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
      const value = values.get((braced ?? bare)!);
      if (value === undefined)
        throw new Error(`dashboard "${dashboard.title}": unknown variable ${whole} in ${expr}`);
      return value;
    });
  return allPanels(dashboard.panels ?? []).flatMap((panel) =>
    (panel.targets ?? [])
      .filter((target) => target.expr && !target.hide)
      .map((target) => ({
        dashboard: dashboard.title,
        panel: panel.title ?? `panel ${panel.id}`,
        refId: target.refId ?? 'A',
        expr: substitute(target.expr!),
      })),
  );
}

/** Panels, including those inside (collapsed) rows. */
function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

function currentValue(variable: TemplateVariable): string {
  const value = variable.current?.value;
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (values.length === 0 || values.includes('$__all')) return '.*';
  return values.length === 1 ? values[0] : `(${values.join('|')})`;
}
