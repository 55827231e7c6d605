import { FieldError, formatFieldError, path } from '../errors';
import { nonNegativeQuantityAt } from './quantity-value.validation';

const at = path('spec').child('hard').key('cpu');
function check(value: unknown): { q?: string; errs: string[] } {
  const errs: FieldError[] = [];
  const q = nonNegativeQuantityAt(value, at, errs);
  return { q: q?.toString(), errs: errs.map(formatFieldError) };
}

describe(nonNegativeQuantityAt.name, () => {
  it('parses a quantity string or a bare number', () => {
    expect(check('500m')).toEqual({ q: '500m', errs: [] });
    expect(check(2)).toEqual({ q: '2', errs: [] });
  });

  it('refuses a negative quantity but still returns it', () => {
    expect(check('-1')).toEqual({
      q: '-1',
      errs: ['spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0'],
    });
  });

  it('refuses what is not a quantity', () => {
    expect(check(true)).toEqual({
      q: undefined,
      errs: ['spec.hard[cpu]: Invalid value: true: must be a quantity string'],
    });
    const bad = check('lots');
    expect(bad.q).toBeUndefined();
    expect(bad.errs).toHaveLength(1);
    expect(bad.errs[0]).toMatch(/^spec\.hard\[cpu\]: Invalid value: "lots": /);
  });
});
