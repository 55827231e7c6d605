import { path } from '../errors';
import { validateLabelSelector } from './label-selector.validation';

const fields = (sel: unknown) => validateLabelSelector(sel, path('spec').child('selector'));

describe(validateLabelSelector.name, () => {
  it('accepts a valid selector, {} and an absent one', () => {
    expect(fields(undefined)).toEqual([]);
    expect(fields({})).toEqual([]);
    expect(
      fields({
        matchLabels: { 'example.com/app': 'web', tier: '' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'gpu', operator: 'Exists' },
        ],
      }),
    ).toEqual([]);
  });

  it('requires values for In and NotIn and forbids them for Exists and DoesNotExist', () => {
    expect(
      fields({
        matchExpressions: [
          { key: 'a', operator: 'In', values: [] },
          { key: 'b', operator: 'NotIn' },
          { key: 'c', operator: 'Exists', values: ['x'] },
          { key: 'd', operator: 'DoesNotExist', values: ['x'] },
        ],
      }).map((e) => [e.type, e.field]),
    ).toEqual([
      ['FieldValueRequired', 'spec.selector.matchExpressions[0].values'],
      ['FieldValueRequired', 'spec.selector.matchExpressions[1].values'],
      ['FieldValueForbidden', 'spec.selector.matchExpressions[2].values'],
      ['FieldValueForbidden', 'spec.selector.matchExpressions[3].values'],
    ]);
  });

  it('rejects an unknown operator', () => {
    expect(fields({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'spec.selector.matchExpressions[0].operator',
        value: 'Gt',
        detail: 'not a valid selector operator',
      },
    ]);
  });

  it('checks key and value syntax, reporting matchLabels errors at matchLabels', () => {
    const errs = fields({
      matchLabels: { 'bad key': 'ok', good: '-bad-' },
      matchExpressions: [{ key: 'x/y/z', operator: 'In', values: ['ok', 'no way'] }],
    });
    expect(errs.map((e) => [e.field, e.value])).toEqual([
      ['spec.selector.matchLabels', 'bad key'],
      ['spec.selector.matchLabels', '-bad-'],
      ['spec.selector.matchExpressions[0].key', 'x/y/z'],
      ['spec.selector.matchExpressions[0].values[1]', 'no way'],
    ]);
    expect(errs[0].detail).toContain('name part must consist of alphanumeric characters');
  });

  it('reports wrongly typed parts instead of throwing', () => {
    expect(fields('app=web').map((e) => e.field)).toEqual(['spec.selector']);
    expect(fields({ matchLabels: ['a'], matchExpressions: {} }).map((e) => e.field)).toEqual([
      'spec.selector.matchLabels',
      'spec.selector.matchExpressions',
    ]);
    expect(fields({ matchExpressions: [{ key: 1, operator: 'Exists' }] }).map((e) => e.field)).toEqual([
      'spec.selector.matchExpressions[0].key',
    ]);
  });
});
