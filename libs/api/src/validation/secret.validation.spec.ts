import { defaultSecret } from '../defaulting/secret.defaults';
import { formatFieldError } from '../errors';
import { REDACTED, SECRET_MAX_SIZE_BYTES, validateSecret, validateSecretUpdate } from './secret.validation';
import { Obj } from './shape';

const messages = (secret: Obj) => validateSecret(secret).map(formatFieldError);

describe(validateSecret.name, () => {
  it('accepts base64 data under config keys', () => {
    expect(messages({ type: 'Opaque', data: { 'a.b_c-d': 'aGVsbG8=', empty: '' } })).toEqual([]);
  });

  it('names data[key] for a value that is not base64, without showing the value', () => {
    const errs = validateSecret({ data: { password: 's3cret!' } });
    expect(errs).toEqual([
      expect.objectContaining({ field: 'data[password]', value: REDACTED, detail: 'illegal base64 data' }),
    ]);
    expect(JSON.stringify(errs)).not.toContain('s3cret');
    // Unpadded base64 is not Kubernetes' encoding either.
    expect(validateSecret({ data: { a: 'aGVsbG8' } })).toHaveLength(1);
  });

  it('rejects keys that are not config keys', () => {
    expect(messages({ data: { 'a/b': 'eA==' } })[0]).toMatch(
      /^data\[a\/b\]: Invalid value: "a\/b": a valid config key/,
    );
    expect(messages({ stringData: { 'no space': 'x' } })[0]).toMatch(
      /^stringData\[no space\]: Invalid value/,
    );
  });

  it('limits the decoded size to 1 MiB', () => {
    const big = Buffer.alloc(SECRET_MAX_SIZE_BYTES + 1).toString('base64');
    expect(messages({ data: { big } })).toEqual(['data: Too long: must have at most 1048576 bytes']);
    const exact = Buffer.alloc(SECRET_MAX_SIZE_BYTES).toString('base64');
    expect(messages({ data: { exact } })).toEqual([]);
  });

  it('requires the keys of well-known types', () => {
    expect(messages({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } })).toEqual([
      'data[tls.key]: Required value',
    ]);
    expect(messages({ type: 'kubernetes.io/dockerconfigjson', data: {} })).toEqual([
      'data[.dockerconfigjson]: Required value',
    ]);
  });
});

describe(validateSecretUpdate.name, () => {
  it('keeps type, and an immutable Secret’s data', () => {
    expect(validateSecretUpdate({ type: 'x' }, { type: 'Opaque' }).map(formatFieldError)).toEqual([
      'type: Invalid value: "x": field is immutable',
    ]);
    const old = { type: 'Opaque', immutable: true, data: { a: 'eA==' } };
    expect(validateSecretUpdate({ ...old }, old)).toEqual([]);
    expect(validateSecretUpdate({ ...old, data: { a: 'eQ==' } }, old).map(formatFieldError)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    expect(validateSecretUpdate({ ...old, immutable: false }, old)).toHaveLength(1);
  });
});

describe(defaultSecret.name, () => {
  it('defaults type to Opaque and merges stringData into data, base64-encoded, never kept', () => {
    const secret: Obj = { data: { a: 'b2xk', keep: 'eA==' }, stringData: { a: 'new', b: 'hé' } };
    defaultSecret(secret);
    expect(secret).toEqual({
      type: 'Opaque',
      data: {
        a: Buffer.from('new').toString('base64'),
        keep: 'eA==',
        b: Buffer.from('hé').toString('base64'),
      },
    });
    const typed: Obj = { type: 'kubernetes.io/tls' };
    defaultSecret(typed);
    expect(typed.type).toBe('kubernetes.io/tls');
  });

  it('leaves a malformed stringData for validation to name', () => {
    const secret: Obj = { stringData: { a: 1 } };
    defaultSecret(secret);
    expect(secret.stringData).toEqual({ a: 1 });
    expect(messages(secret)).toEqual([`stringData[a]: Invalid value: "${REDACTED}": must be a string`]);
  });
});
