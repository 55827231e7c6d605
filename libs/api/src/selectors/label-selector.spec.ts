import { ApiError } from '../errors';
import {
  labelSelectorFromObject,
  labelSelectorMatches,
  labelSelectorToString,
  parseLabelSelector,
} from './label-selector';

const badRequestMessage = (s: string): string => {
  try {
    parseLabelSelector(s);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    return (e as ApiError).message;
  }
  throw new Error(`expected ${JSON.stringify(s)} to be rejected`);
};

describe(parseLabelSelector.name, () => {
  it.each([
    ['', ''],
    ['  ', ''],
    ['app=web', 'app=web'],
    ['app==web', 'app==web'],
    ['app!=web', 'app!=web'],
    ['tier in (b,a)', 'tier in (a,b)'],
    ['tier notin (x)', 'tier notin (x)'],
    ['  tier   in(a , b)  ', 'tier in (a,b)'],
    ['gpu', 'gpu'],
    ['!gpu', '!gpu'],
    ['z=1,a=2', 'a=2,z=1'],
    ['example.com/role=db', 'example.com/role=db'],
    ['tier=', 'tier='],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['k in (in,notin)', 'k in (in,notin)'],
    ['replicas>3', 'replicas>3'],
    ['a in (x,x)', 'a in (x)'],
  ])('parses %j to the canonical %j', (input, canonical) => {
    expect(parseLabelSelector(input).toString()).toBe(canonical);
  });

  it('selects everything with the empty string', () => {
    const sel = parseLabelSelector('');
    expect(sel.empty()).toBe(true);
    expect(sel.matches(undefined)).toBe(true);
    expect(sel.matches({ a: 'b' })).toBe(true);
  });

  it.each([
    ['app=web', { app: 'web' }, true],
    ['app=web', { app: 'api' }, false],
    ['app=web', undefined, false],
    ['app!=web', {}, true],
    ['app!=web', { app: 'web' }, false],
    ['tier in (a,b)', { tier: 'b' }, true],
    ['tier in (a,b)', {}, false],
    ['tier notin (a,b)', {}, true],
    ['tier notin (a,b)', { tier: 'a' }, false],
    ['gpu', { gpu: '' }, true],
    ['gpu', { other: 'x' }, false],
    ['!gpu', { other: 'x' }, true],
    ['!gpu', { gpu: 'x' }, false],
    ['tier=', { tier: '' }, true],
    ['tier=', {}, false],
    ['tier in ()', { tier: '' }, true],
    ['app=web,tier=db', { app: 'web', tier: 'db' }, true],
    ['app=web,tier=db', { app: 'web', tier: 'fe' }, false],
    ['replicas>3', { replicas: '4' }, true],
    ['replicas>3', { replicas: '3' }, false],
    ['replicas<3', { replicas: 'x' }, false],
  ])('%j against %j matches: %j', (s, labels, expected) => {
    expect(parseLabelSelector(s).matches(labels as Record<string, string> | undefined)).toBe(expected);
  });

  it('exposes requirements sorted by key, values sorted', () => {
    expect(parseLabelSelector('z in (b,a),!a').requirements).toEqual([
      { key: 'a', operator: '!', values: [] },
      { key: 'z', operator: 'in', values: ['a', 'b'] },
    ]);
  });

  it.each([
    ['app=web,', "found '', expected: identifier after ','"],
    [',app', "found ',', expected: !, identifier, or 'end of string'"],
    ['app web', "found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['tier in (a', "found '', expected: ',', ')' or identifier"],
    ['tier in a', "found 'a' expected: '('"],
    ['app=a=b', "found '=', expected: ',' or 'end of string'"],
    ['!gpu=x', "found '=', expected: ',' or 'end of string'"],
    ['tier notin', "found '' expected: '('"],
  ])('rejects %j: %s', (s, message) => {
    expect(badRequestMessage(s)).toContain(message);
  });

  it('rejects a malformed key with Kubernetes wording', () => {
    const message = badRequestMessage('-app=web');
    expect(message).toMatch(
      /^unable to parse requirement: key: Invalid value: "-app": name part must consist of/,
    );
  });

  it('rejects a key with an upper-case prefix and a name longer than 63 characters', () => {
    expect(badRequestMessage('Example.com/x=1')).toContain('prefix part a lowercase RFC 1123 subdomain');
    expect(badRequestMessage(`${'a'.repeat(64)}=1`)).toContain(
      'name part must be no more than 63 characters',
    );
    expect(badRequestMessage('a/b/c')).toContain('a qualified name must consist of');
  });

  it('rejects a malformed value and a non-integer bound', () => {
    expect(badRequestMessage('app=-web')).toMatch(
      /^unable to parse requirement: values\[0\]\[app\]: Invalid value: "-web": a valid label must be/,
    );
    expect(badRequestMessage(`app=${'v'.repeat(64)}`)).toContain('must be no more than 63 characters');
    expect(badRequestMessage('replicas>many')).toContain('the value must be an integer');
  });
});

describe(labelSelectorFromObject.name, () => {
  it('turns matchLabels and matchExpressions into requirements sorted by key', () => {
    const sel = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'zone', operator: 'Exists' },
      ],
    });
    expect(sel.toString()).toBe('app=web,!canary,env notin (prod),tier in (a,b),zone');
    expect(sel.matches({ app: 'web', tier: 'a', zone: 'z1' })).toBe(true);
    expect(sel.matches({ app: 'web', tier: 'a', zone: 'z1', canary: 'y' })).toBe(false);
    expect(sel.matches({ app: 'web', tier: 'c', zone: 'z1' })).toBe(false);
  });

  it('treats {} as everything', () => {
    expect(labelSelectorFromObject({}).empty()).toBe(true);
    expect(labelSelectorFromObject({}).matches({ any: 'thing' })).toBe(true);
  });

  it('throws 400 for an invalid operator or key', () => {
    const badOperator = { matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] };
    expect(() => labelSelectorFromObject(badOperator)).toThrow('"Gt" is not a valid label selector operator');
    expect(() => labelSelectorFromObject({ matchLabels: { 'bad key': 'x' } })).toThrow(ApiError);
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toThrow(
      "values set can't be empty",
    );
  });
});

describe(labelSelectorMatches.name, () => {
  it('selects nothing with a missing selector and everything with {}', () => {
    expect(labelSelectorMatches(undefined, { app: 'web' })).toBe(false);
    expect(labelSelectorMatches({}, { app: 'web' })).toBe(true);
    expect(labelSelectorMatches({}, undefined)).toBe(true);
  });

  it('matches labels and treats an invalid selector as selecting nothing', () => {
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, { app: 'web', x: 'y' })).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, { app: 'api' })).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: '-bad-' } }, { app: '-bad-' })).toBe(false);
  });
});

describe(labelSelectorToString.name, () => {
  it('prints what kubectl shows and Scale.status.selector carries', () => {
    expect(
      labelSelectorToString({
        matchLabels: { tier: 'x', app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
      }),
    ).toBe('app=web,tier=x,tier in (a,b)');
    expect(labelSelectorToString({})).toBe('');
  });

  it('does not throw on an unknown operator', () => {
    expect(labelSelectorToString({ matchExpressions: [{ key: 'a', operator: 'Gt' as 'In' }] })).toBe(
      '<error>',
    );
  });

  it('round-trips through parseLabelSelector', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'NotIn' as const, values: ['a'] }],
    };
    const parsed = parseLabelSelector(labelSelectorToString(sel));
    expect(parsed.matches({ app: 'web', env: 'b' })).toBe(true);
    expect(parsed.matches({ app: 'web', env: 'a' })).toBe(false);
  });
});
