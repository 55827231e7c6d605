/**
 * One term of a label selector (k8s.io/apimachinery/pkg/labels Requirement): a key, an operator
 * and its values. A selector is the AND of its requirements.
 */

/** Operators with the spellings of k8s.io/apimachinery/pkg/selection. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Sorted and without duplicates; empty for `exists` and `!`. */
  readonly values: readonly string[];
}

const has = (labels: Record<string, string> | undefined, key: string): labels is Record<string, string> =>
  labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);

/** Kubernetes parses Gt/Lt operands as base-10 int64; anything else never matches. */
const asInteger = (s: string): bigint | undefined => (/^[-+]?\d+$/.test(s) ? BigInt(s) : undefined);

export function requirementMatches(r: LabelRequirement, labels: Record<string, string> | undefined): boolean {
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has(labels, r.key) && r.values.includes(labels[r.key]);
    case '!=':
    case 'notin':
      // A missing label is "not equal" to anything: `tier!=db` selects objects without a tier.
      return !has(labels, r.key) || !r.values.includes(labels[r.key]);
    case 'exists':
      return has(labels, r.key);
    case '!':
      return !has(labels, r.key);
    case 'gt':
    case 'lt': {
      if (!has(labels, r.key) || r.values.length !== 1) return false;
      const actual = asInteger(labels[r.key]);
      const bound = asInteger(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

const operatorText: Record<LabelOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  exists: '',
  '!': '',
  gt: '>',
  lt: '<',
};

/** The canonical text of a requirement, as `labels.Requirement.String()` prints it. */
export function requirementToString(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  const values = [...r.values].sort().join(',');
  const text = r.operator === 'in' || r.operator === 'notin' ? `(${values})` : values;
  return `${r.key}${operatorText[r.operator]}${text}`;
}
