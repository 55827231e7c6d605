import { formatFieldError, path } from '../errors';
import { isQualifiedName, isValidLabelValue, validateAnnotations, validateLabels } from './labels.validation';

describe(isQualifiedName.name, () => {
  it.each(['app', 'example.com/app', 'A_b.c-1', 'k8s.io/Name'])('accepts %j', (v) =>
    expect(isQualifiedName(v)).toEqual([]),
  );

  it('prefixes the part that is wrong', () => {
    expect(isQualifiedName('/a')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/')).toEqual([
      'name part must be non-empty',
      expect.stringContaining('name part must consist of'),
    ]);
    expect(isQualifiedName('Ex.com/a')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
  });
});

describe(isValidLabelValue.name, () => {
  it('accepts empty and rejects a leading dash', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('-a')[0]).toMatch(/^a valid label must be an empty string/);
  });
});

describe(validateLabels.name, () => {
  it('reports at the map with the bad key or value', () => {
    const errs = validateLabels({ 'a b': 'ok', ok: 'b c' }, path('metadata').child('labels'));
    expect(errs.map((e) => [e.field, e.value])).toEqual([
      ['metadata.labels', 'a b'],
      ['metadata.labels', 'b c'],
    ]);
  });

  it('reports shapes instead of throwing', () => {
    expect(validateLabels(5, path('metadata').child('labels'))).toEqual([
      expect.objectContaining({ field: 'metadata.labels', type: 'FieldValueInvalid' }),
    ]);
    expect(validateLabels({ a: 1 }, path('x'))[0].field).toBe('x[a]');
  });
});

describe(validateAnnotations.name, () => {
  it('accepts upper case keys, as Kubernetes lowercases them first', () => {
    expect(validateAnnotations({ 'Example.COM/Note': 'x' }, path('a'))).toEqual([]);
  });

  it('limits the total size to 256 KiB', () => {
    const at = path('metadata').child('annotations');
    expect(validateAnnotations({ a: 'x'.repeat(262143) }, at)).toEqual([]);
    const errs = validateAnnotations({ a: 'x'.repeat(262144) }, at);
    expect(errs.map(formatFieldError)).toEqual([
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ]);
  });
});
