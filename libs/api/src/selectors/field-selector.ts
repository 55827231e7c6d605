/**
 * Field selectors: `?fieldSelector=spec.nodeName=n1,status.phase!=Failed` (k8s.io/apimachinery
 * pkg/fields). Terms are split on unescaped commas; a term splits at its first `!=`, `==` or `=`;
 * values may be empty and escape `\,`, `\=` and `\\`. Which fields a resource supports is its
 * definition's business; reading a field from an object is done here, by dotted path.
 */
import { ApiError } from '../errors';
import { ResourceDefinition } from '../resources';
import { KubeObject } from '../types';

export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  matches(obj: KubeObject): boolean;
  empty(): boolean;
  toString(): string;
}

/** Selectable fields that are not a plain path in the object. */
const fieldPaths: Record<string, string> = {
  // Event's `source` selects on source.component (pkg/apis/core/v1 conversion).
  source: 'source.component',
};

/** Fields Kubernetes always has a value for, even when the stored JSON omits them. */
const fieldDefaults: Record<string, string> = {
  'spec.unschedulable': 'false',
};

/** The field as a selector sees it: a missing field is "", booleans and numbers are their text. */
export function fieldValue(obj: KubeObject, field: string): string {
  let current: unknown = obj;
  for (const part of (fieldPaths[field] ?? field).split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      current = undefined;
      break;
    }
    current = (current as Record<string, unknown>)[part];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'boolean' || typeof current === 'number') return String(current);
  return fieldDefaults[field] ?? '';
}

const escapeValue = (v: string): string => v.replace(/[\\,=]/g, (c) => `\\${c}`);

class TermsSelector implements FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  matches(obj: KubeObject): boolean {
    return this.requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.operator !== '!='));
  }

  empty(): boolean {
    return this.requirements.length === 0;
  }

  toString(): string {
    // Kubernetes prints `==` as `=`.
    return this.requirements
      .map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeValue(r.value)}`)
      .join(',');
  }
}

/** Splits on commas not preceded by an escaping backslash; the backslashes stay for unescape. */
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < s.length; i++) {
    if (escaped) escaped = false;
    else if (s[i] === '\\') escaped = true;
    else if (s[i] === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const operators: FieldOperator[] = ['!=', '==', '='];

/** The first operator wins: there is no escaping on the left-hand side. */
function splitTerm(term: string): [string, FieldOperator, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    const op = operators.find((o) => term.startsWith(o, i));
    if (op) return [term.slice(0, i), op, term.slice(i + op.length)];
  }
  return undefined;
}

function unescapeValue(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      const next = raw[i + 1];
      if (next === undefined)
        throw ApiError.badRequest('invalid field selector: invalid escape sequence: \\');
      if (next !== '\\' && next !== ',' && next !== '=') {
        throw ApiError.badRequest(`invalid field selector: invalid escape sequence: \\${next}`);
      }
      out += next;
      i++;
    } else if (c === ',' || c === '=') {
      throw ApiError.badRequest(`invalid field selector: unescaped character in value: ${c}`);
    } else {
      out += c;
    }
  }
  return out;
}

/** Parses `?fieldSelector=`; the empty string selects everything. Throws 400 on a malformed string. */
export function parseFieldSelector(s: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  // Kubernetes sorts the raw terms, which makes the parsed selector deterministic.
  for (const term of splitTerms(s).sort()) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (!split) throw ApiError.badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    const [field, operator, raw] = split;
    requirements.push({ field, operator, value: unescapeValue(raw) });
  }
  return new TermsSelector(requirements);
}

/** Every resource can be selected by name and namespace; other fields only where Kubernetes allows. */
export function assertFieldSelectorSupported(
  sel: FieldSelector,
  def: Pick<ResourceDefinition, 'fieldSelectors'>,
): void {
  for (const { field } of sel.requirements) {
    if (field !== 'metadata.name' && field !== 'metadata.namespace' && !def.fieldSelectors.includes(field)) {
      throw ApiError.badRequest(`field label not supported: ${field}`);
    }
  }
}

/** The name when the selector is exactly `metadata.name=X`, so a list can be a single read. */
export function singleNameFromFieldSelector(sel: FieldSelector): string | undefined {
  if (sel.requirements.length !== 1) return undefined;
  const [r] = sel.requirements;
  return r.field === 'metadata.name' && r.operator !== '!=' ? r.value : undefined;
}
