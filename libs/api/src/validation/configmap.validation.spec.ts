import { formatFieldError } from '../errors';
import { validateConfigMap, validateConfigMapUpdate } from './configmap.validation';

describe(validateConfigMap.name, () => {
  it('checks keys, duplicates across data and binaryData, and total size', () => {
    const errs = validateConfigMap({ data: { 'a/b': 'x', dup: 'y' }, binaryData: { dup: 'eQ==' } });
    expect(errs.map((e) => e.field)).toEqual(['data[a/b]', 'data[dup]', 'binaryData[dup]']);
    expect(validateConfigMap({ data: { a: 'x'.repeat(1024 * 1024) } })).toEqual([]);
    expect(validateConfigMap({ data: { a: 'x'.repeat(1024 * 1024), b: 'y' } }).map(formatFieldError)).toEqual(
      [': Too long: must have at most 1048576 bytes'],
    );
  });
});

describe(validateConfigMapUpdate.name, () => {
  it('freezes data of an immutable ConfigMap', () => {
    const old = { data: { a: '1' }, immutable: true };
    expect(validateConfigMapUpdate({ data: { a: '1' }, immutable: true }, old)).toEqual([]);
    expect(validateConfigMapUpdate({ data: { a: '2' } }, old).map((e) => e.field)).toEqual([
      'immutable',
      'data',
    ]);
    expect(validateConfigMapUpdate({ data: { a: '2' } }, { data: { a: '1' } })).toEqual([]);
  });
});
