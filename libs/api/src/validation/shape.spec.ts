import { path } from '../errors';
import { FieldError } from '../errors';
import { semanticEqual, stringMapAt } from './shape';

describe(semanticEqual.name, () => {
  it('treats undefined keys as absent and compares deeply', () => {
    expect(semanticEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(semanticEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(semanticEqual({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(semanticEqual({ a: 1 }, [1])).toBe(false);
  });
});

describe(stringMapAt.name, () => {
  it('keeps string entries and reports the rest at their key', () => {
    const errs: FieldError[] = [];
    expect(stringMapAt({ a: 'x', b: 2 }, path('data'), errs)).toEqual({ a: 'x' });
    expect(errs.map((e) => e.field)).toEqual(['data[b]']);
  });
});
