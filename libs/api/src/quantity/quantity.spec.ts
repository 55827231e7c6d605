import {
  canonicalize,
  canonicalizeResourceList,
  parseQuantity,
  QuantityParseError,
  ResourceQuantity,
} from './quantity';

describe(ResourceQuantity.name, () => {
  describe('canonical form (Kubernetes CanonicalizeBytes)', () => {
    it.each([
      ['1.5', '1500m'],
      ['1.5Gi', '1536Mi'],
      ['0.5Gi', '512Mi'],
      ['1000m', '1'],
      ['100m', '100m'],
      ['1024Mi', '1Gi'],
      ['2048Ki', '2Mi'],
      ['1500k', '1500k'],
      ['1.5k', '1500'],
      ['1000', '1k'],
      ['0', '0'],
      ['0Gi', '0'],
      ['-0.0', '0'],
      ['1e3', '1e3'],
      ['12e2', '1200'],
      ['1.5e0', '1500e-3'],
      ['1E6', '1e6'],
      ['1E', '1E'],
      ['1000E', '1e21'],
      ['0.5Ki', '512'],
      ['1Ki', '1Ki'],
      ['1023.5Ki', '1048064'],
      ['1.0009765625Ki', '1025'],
      ['0.5', '500m'],
      ['.5', '500m'],
      ['1.', '1'],
      ['+2', '2'],
      ['-1.5Gi', '-1536Mi'],
      ['-100m', '-100m'],
      ['0.1n', '1n'],
      ['1.1n', '2n'],
      ['-0.1n', '-1n'],
      ['1e-12', '1e-9'],
      ['100u', '100u'],
      ['1000000n', '1m'],
      ['0.000001', '1u'],
      ['00012', '12'],
    ])('%s → %s', (input, expected) => {
      expect(canonicalize(input)).toBe(expected);
    });

    it('rounds a binary value below one byte up to nano, in decimal', () => {
      const q = parseQuantity('0.0000000001Ki');
      expect(q.format).toBe('DecimalSI');
      expect(q.toString()).toBe('103n');
    });

    it('caps binary values at the int64 maximum, as Kubernetes does', () => {
      expect(parseQuantity('100Ei').value()).toBe(Number(9_223_372_036_854_775_807n));
      expect(canonicalize('100E')).toBe('100E');
    });
  });

  describe('parse errors', () => {
    it.each([
      ['1.5.5', 'quantities must match the regular expression'],
      ['1K', "unable to parse quantity's suffix"],
      ['abc', 'quantities must match the regular expression'],
      ['', 'quantities must match the regular expression'],
      ['1e', "unable to parse quantity's suffix"],
      ['--1', "unable to parse quantity's suffix"],
      ['1 ', 'quantities must match the regular expression'],
      ['1Kii', "unable to parse quantity's suffix"],
      ['1e1000', 'exponent must be at most'],
    ])('rejects %j', (input, message) => {
      expect(() => parseQuantity(input)).toThrow(QuantityParseError);
      expect(() => parseQuantity(input)).toThrow(message);
    });

    it('names the input on the error', () => {
      try {
        parseQuantity('1K');
        fail('expected a throw');
      } catch (e) {
        expect(e).toBeInstanceOf(QuantityParseError);
        expect((e as QuantityParseError).input).toBe('1K');
        expect((e as QuantityParseError).name).toBe('QuantityParseError');
      }
    });
  });

  describe('arithmetic', () => {
    it('adds exactly, with no float error', () => {
      const sum = parseQuantity('0.1').add(parseQuantity('0.2'));
      expect(sum.equals(parseQuantity('0.3'))).toBe(true);
      expect(sum.toString()).toBe('300m');
    });

    it('keeps the receiver format, or takes the other one when the receiver is zero', () => {
      expect(parseQuantity('1Gi').add(parseQuantity('512Mi')).toString()).toBe('1536Mi');
      expect(ResourceQuantity.zero().add(parseQuantity('1Gi')).toString()).toBe('1Gi');
      expect(parseQuantity('1').add(parseQuantity('1Gi')).toString()).toBe('1073741825');
    });

    it('subtracts into negatives', () => {
      const diff = parseQuantity('100m').sub(parseQuantity('250m'));
      expect(diff.toString()).toBe('-150m');
      expect(diff.sign()).toBe(-1);
      expect(diff.neg().toString()).toBe('150m');
    });

    it('compares across formats by value', () => {
      expect(parseQuantity('1Ki').cmp(parseQuantity('1024'))).toBe(0);
      expect(parseQuantity('1k').cmp(parseQuantity('1Ki'))).toBe(-1);
      expect(parseQuantity('2').cmp(parseQuantity('1999m'))).toBe(1);
    });
  });

  describe('scheduler helpers', () => {
    it('gives millicores and bytes, rounding up like MilliValue and Value', () => {
      expect(parseQuantity('1.5').toMilli()).toBe(1500);
      expect(parseQuantity('250m').toMilli()).toBe(250);
      expect(parseQuantity('1n').toMilli()).toBe(1);
      expect(parseQuantity('1Gi').value()).toBe(1073741824);
      expect(parseQuantity('100m').value()).toBe(1);
      expect(parseQuantity('-100m').value()).toBe(-1);
    });

    it('builds quantities from numbers', () => {
      expect(ResourceQuantity.fromMilli(1500).toString()).toBe('1500m');
      expect(ResourceQuantity.fromValue(2 * 1024 ** 3, 'BinarySI').toString()).toBe('2Gi');
      expect(JSON.stringify({ cpu: ResourceQuantity.fromMilli(2000) })).toBe('{"cpu":"2"}');
    });
  });
});

describe(canonicalizeResourceList.name, () => {
  it('canonicalizes each entry', () => {
    expect(canonicalizeResourceList({ cpu: '1.5', memory: '1024Mi' })).toEqual({
      cpu: '1500m',
      memory: '1Gi',
    });
  });

  it('throws on a bad entry', () => {
    expect(() => canonicalizeResourceList({ cpu: '1K' })).toThrow(QuantityParseError);
  });
});
