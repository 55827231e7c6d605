/**
 * The label selector grammar of k8s.io/apimachinery/pkg/labels (`Parse`):
 *
 *   selector    ::= requirement ( "," requirement )*
 *   requirement ::= [ "!" ] KEY [ ( "in" | "notin" ) "(" VALUES ")" | ( "=" | "==" | "!=" | ">" | "<" ) VALUE ]
 *
 * A lexer turns the string into tokens; a recursive-descent parser builds requirements; each
 * requirement is validated like `labels.NewRequirement`. Errors carry Kubernetes' wording.
 */
import { LabelOperator, LabelRequirement } from './label-requirement';
import { labelValueErrors, qualifiedNameErrors } from './label-syntax';

type TokenKind = 'end' | 'identifier' | 'comma' | 'open' | 'close' | 'operator' | 'not' | 'in' | 'notin';

interface Token {
  kind: TokenKind;
  text: string;
}

const symbolTokens: Record<string, TokenKind> = {
  ',': 'comma',
  '(': 'open',
  ')': 'close',
  '!': 'not',
  '!=': 'operator',
  '=': 'operator',
  '==': 'operator',
  '>': 'operator',
  '<': 'operator',
};
const specialChars = new Set(['=', '!', '(', ')', ',', '>', '<']);
const whitespace = new Set([' ', '\t', '\r', '\n']);

export class LabelSelectorSyntaxError extends Error {
  override name = 'LabelSelectorSyntaxError';
}

function lex(s: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && whitespace.has(s[pos])) pos++;
    if (pos >= s.length) {
      tokens.push({ kind: 'end', text: '' });
      return tokens;
    }
    const start = pos;
    if (specialChars.has(s[pos])) {
      // Longest run of special characters that is still a token: `!=` rather than `!`, `=(` is `=`.
      let end = pos;
      while (end < s.length && specialChars.has(s[end]) && symbolTokens[s.slice(start, end + 1)]) end++;
      if (end === start) throw new LabelSelectorSyntaxError(`error expected: keyword found '${s[start]}'`);
      tokens.push({ kind: symbolTokens[s.slice(start, end)], text: s.slice(start, end) });
      pos = end;
      continue;
    }
    while (pos < s.length && !specialChars.has(s[pos]) && !whitespace.has(s[pos])) pos++;
    const text = s.slice(start, pos);
    tokens.push({ kind: text === 'in' || text === 'notin' ? text : 'identifier', text });
  }
}

const binaryOperators: Record<string, LabelOperator> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
};

/** Validates a requirement as `labels.NewRequirement` does and returns it with sorted, unique values. */
export function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs: string[] = [];
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length) errs.push(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
  const count = values.length;
  const valuesInvalid = (detail: string) =>
    errs.push(`values: Invalid value: ${JSON.stringify(values)}: ${detail}`);
  if ((operator === 'in' || operator === 'notin') && count === 0) {
    valuesInvalid("for 'in', 'notin' operators, values set can't be empty");
  } else if ((operator === '=' || operator === '==' || operator === '!=') && count !== 1) {
    valuesInvalid('exact-match compatibility requires one single value');
  } else if ((operator === 'exists' || operator === '!') && count !== 0) {
    valuesInvalid('values set must be empty for exists and does not exist');
  } else if (operator === 'gt' || operator === 'lt') {
    if (count !== 1) valuesInvalid("for 'Gt', 'Lt' operators, exactly one value is required");
    values.forEach((v, i) => {
      if (!/^[-+]?\d+$/.test(v)) {
        errs.push(
          `values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
    });
  }
  values.forEach((v, i) => {
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length)
      errs.push(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${valueErrs.join('; ')}`);
  });
  if (errs.length) throw new LabelSelectorSyntaxError(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  return { key, operator, values: [...new Set(values)].sort() };
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  /** In a value position `in` and `notin` are ordinary words: `x in (in,notin)` is valid. */
  private peek(asValue = true): Token {
    const t = this.tokens[this.position];
    return asValue && (t.kind === 'in' || t.kind === 'notin') ? { kind: 'identifier', text: t.text } : t;
  }

  private next(asValue = true): Token {
    const t = this.peek(asValue);
    this.position++;
    return t;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'end') return requirements;
      if (t.kind !== 'identifier' && t.kind !== 'not') {
        throw new LabelSelectorSyntaxError(`found '${t.text}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.requirement());
      } catch (e) {
        throw e instanceof LabelSelectorSyntaxError
          ? new LabelSelectorSyntaxError(`unable to parse requirement: ${e.message}`)
          : e;
      }
      const after = this.next();
      if (after.kind === 'end') return requirements;
      if (after.kind !== 'comma') {
        throw new LabelSelectorSyntaxError(`found '${after.text}', expected: ',' or 'end of string'`);
      }
      const following = this.peek();
      if (following.kind !== 'identifier' && following.kind !== 'not') {
        throw new LabelSelectorSyntaxError(`found '${following.text}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let t = this.next();
    const negated = t.kind === 'not';
    if (negated) t = this.next();
    if (t.kind !== 'identifier')
      throw new LabelSelectorSyntaxError(`found '${t.text}', expected: identifier`);
    const key = t.text;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length) {
      throw new LabelSelectorSyntaxError(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
    }
    const following = this.peek().kind;
    if (negated || following === 'end' || following === 'comma') {
      // `!key` is complete on its own; a bare key means "exists". Anything after `!key` is an error later.
      return newRequirement(key, negated ? '!' : 'exists', []);
    }
    const op = this.next(false);
    if (op.kind === 'in' || op.kind === 'notin') return newRequirement(key, op.kind, this.valueSet());
    const operator = op.kind === 'operator' ? binaryOperators[op.text] : undefined;
    if (!operator) {
      throw new LabelSelectorSyntaxError(`found '${op.text}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    return newRequirement(key, operator, [this.exactValue()]);
  }

  private exactValue(): string {
    const t = this.peek();
    if (t.kind === 'end' || t.kind === 'comma') return ''; // `tier=` selects an empty value
    this.position++;
    if (t.kind !== 'identifier')
      throw new LabelSelectorSyntaxError(`found '${t.text}', expected: identifier`);
    return t.text;
  }

  /** `(a,b)`; empty members are the empty value: `()`, `(a,)` and `(,a)` all contain "". */
  private valueSet(): string[] {
    const open = this.next();
    if (open.kind !== 'open') throw new LabelSelectorSyntaxError(`found '${open.text}' expected: '('`);
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const t = this.next();
      if (t.kind === 'close') {
        if (expectValue) values.push('');
        return values;
      }
      if (t.kind === 'comma') {
        if (expectValue) values.push('');
        expectValue = true;
      } else if (t.kind === 'identifier' && expectValue) {
        values.push(t.text);
        expectValue = false;
      } else {
        throw new LabelSelectorSyntaxError(`found '${t.text}', expected: ',', ')' or identifier`);
      }
    }
  }
}

/** Parses a selector string into requirements sorted by key; throws LabelSelectorSyntaxError. */
export function parseRequirements(s: string): LabelRequirement[] {
  const requirements = new Parser(lex(s)).parse();
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
