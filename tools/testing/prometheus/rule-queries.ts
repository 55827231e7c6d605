/** Every recording and alerting rule in prometheus/rules/, as Prometheus loads them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface RuleQuery {
  file: string;
  group: string;
  kind: 'record' | 'alert';
  name: string;
  expr: string;
}

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string }[] }[];
}

export function ruleQueries(dir: string): RuleQuery[] {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .flatMap((file) => {
      const { groups } = parse(readFileSync(join(dir, file), 'utf8')) as RuleFile;
      return groups.flatMap((group) =>
        group.rules.map((rule): RuleQuery => ({
          file,
          group: group.name,
          kind: rule.alert ? 'alert' : 'record',
          name: (rule.alert ?? rule.record)!,
          expr: rule.expr,
        })),
      );
    });
}
