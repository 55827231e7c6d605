import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isValidPortName,
  nameIsDNSSubdomain,
  regexError,
} from './names.validation';

describe(isDNS1123Subdomain.name, () => {
  it('gives Kubernetes exact message', () => {
    expect(isDNS1123Subdomain('Foo')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  it('reports length and syntax together', () => {
    expect(isDNS1123Subdomain(`${'a'.repeat(253)}_`)).toHaveLength(2);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });

  it.each(['a', 'a.b', 'a-b.c-d', '0'])('accepts %j', (v) => expect(isDNS1123Subdomain(v)).toEqual([]));
  it.each(['', '.a', 'a.', 'a..b', 'a_b'])('rejects %j', (v) =>
    expect(isDNS1123Subdomain(v)).toHaveLength(1),
  );
});

describe(isDNS1123Label.name, () => {
  it('explains dots separately', () => expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']));
  it('accepts a leading digit', () => expect(isDNS1123Label('1a')).toEqual([]));
  it('uses the label examples', () =>
    expect(isDNS1123Label('-')[0]).toContain("(e.g. 'my-name',  or '123-abc', "));
});

describe(isDNS1035Label.name, () => {
  it('requires a leading letter', () => {
    expect(isDNS1035Label('1a')[0]).toMatch(/^a DNS-1035 label must consist of/);
    expect(isDNS1035Label('a1')).toEqual([]);
  });
});

describe(nameIsDNSSubdomain.name, () => {
  it('allows a trailing dash in a generateName prefix only', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false)).toHaveLength(1);
  });
});

describe(regexError.name, () => {
  it('formats examples as Kubernetes does', () => {
    expect(regexError('msg', 'x+', 'a', 'b')).toBe(
      "msg (e.g. 'a',  or 'b', regex used for validation is 'x+')",
    );
    expect(regexError('msg', 'x+')).toBe("msg (regex used for validation is 'x+')");
  });
});

describe(isValidPortName.name, () => {
  it.each(['http', 'web-8080', 'a1'])('accepts %j', (v) => expect(isValidPortName(v)).toEqual([]));
  it('lists every problem', () => {
    expect(isValidPortName('-80--')).toEqual([
      'must contain at least one letter (a-z)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
    expect(isValidPortName('a'.repeat(16))).toEqual(['must be no more than 15 characters']);
  });
});

describe(isEnvVarName.name, () => {
  it.each(['MY_VAR', 'my.env-name', '_x', '-a'])('accepts %j', (v) => expect(isEnvVarName(v)).toEqual([]));
  it('rejects a leading digit and path tricks', () => {
    expect(isEnvVarName('1A')[0]).toContain('must not start with a digit');
    expect(isEnvVarName('..')).toEqual(["must not be '..'"]);
    expect(isEnvVarName('..a')).toEqual(["must not start with '..'"]);
  });
});

describe(isConfigMapKey.name, () => {
  it('accepts config keys and rejects slashes', () => {
    expect(isConfigMapKey('app.properties')).toEqual([]);
    expect(isConfigMapKey('a/b')[0]).toContain('a valid config key must consist of');
    expect(isConfigMapKey('.')).toEqual(["must not be '.'"]);
  });
});
