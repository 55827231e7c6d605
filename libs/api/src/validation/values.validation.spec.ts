import { path } from '../errors';
import { isCIDR, isIPAddress, validateEnum, validatePortNumOrName } from './values.validation';

describe(isCIDR.name, () => {
  it.each(['10.0.0.0/8', '0.0.0.0/0', 'fd00::/64', '::/128'])('accepts %s', (v) =>
    expect(isCIDR(v)).toBe(true),
  );
  it.each(['10.0.0.0', '10.0.0.0/33', 'fd00::/129', 'x/8', '10.0.0.0/8/8', '10.0.0.0/-1'])(
    'rejects %s',
    (v) => expect(isCIDR(v)).toBe(false),
  );
});

describe(isIPAddress.name, () => {
  it('accepts v4 and v6 only', () => {
    expect([isIPAddress('10.1.2.3'), isIPAddress('2001:db8::1'), isIPAddress('10.1.2')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe(validateEnum.name, () => {
  it('requires a value unless optional', () => {
    expect(validateEnum(undefined, ['A'], path('x'))[0].type).toBe('FieldValueRequired');
    expect(validateEnum(undefined, ['A'], path('x'), true)).toEqual([]);
    expect(validateEnum('B', ['A'], path('x'))[0].type).toBe('FieldValueNotSupported');
  });
});

describe(validatePortNumOrName.name, () => {
  it('takes numbers and IANA names', () => {
    expect(validatePortNumOrName(8080, path('p'))).toEqual([]);
    expect(validatePortNumOrName('http', path('p'))).toEqual([]);
    expect(validatePortNumOrName('HTTP', path('p'))).toHaveLength(2);
    expect(validatePortNumOrName(true, path('p'))).toHaveLength(1);
  });
});
