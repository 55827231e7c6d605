/**
 * resource.Quantity (k8s.io/apimachinery/pkg/api/resource): `500m`, `1.5Gi`, `1e3`. The value is
 * held exactly as a bigint count of nano units, so sums never pick up float error, and it prints
 * in Kubernetes' canonical form, keeping the suffix family it was written in.
 */
import type { ResourceList } from '../types';

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export class QuantityParseError extends Error {
  override name = 'QuantityParseError';

  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(reason);
  }
}

// Kubernetes' own error texts, so a rejected manifest reads the same as with a real apiserver.
const FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";

const NANO = 1_000_000_000n;
const NANO_DIGITS = 9;
/** Past this a positive exponent would build an absurd bigint; Kubernetes allows it, we refuse it. */
const MAX_EXPONENT = 100;
/** Binary quantities are capped at int64's maximum, as in Kubernetes. */
const MAX_BINARY_NANOS = 9_223_372_036_854_775_807n * NANO;

const decimalSuffixes: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binarySuffixByPower = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);
/** Divides rounding away from zero, as Kubernetes' RoundUp does. */
const divUp = (n: bigint, d: bigint): bigint => {
  const q = n / d;
  return n % d === 0n ? q : q + (n < 0n ? -1n : 1n);
};

export class ResourceQuantity {
  constructor(
    /** The exact value in units of 10^-9. */
    readonly nanos: bigint,
    readonly format: QuantityFormat = 'DecimalSI',
  ) {}

  static zero(format: QuantityFormat = 'DecimalSI'): ResourceQuantity {
    return new ResourceQuantity(0n, format);
  }

  /** e.g. `fromMilli(250)` is `250m` of CPU. */
  static fromMilli(milli: number): ResourceQuantity {
    return new ResourceQuantity(BigInt(Math.trunc(milli)) * 1_000_000n, 'DecimalSI');
  }

  /** e.g. `fromValue(1 << 30, 'BinarySI')` is `1Gi`. */
  static fromValue(value: number, format: QuantityFormat = 'DecimalSI'): ResourceQuantity {
    return new ResourceQuantity(BigInt(Math.trunc(value)) * NANO, format);
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.nanos === 0n ? 0 : this.nanos < 0n ? -1 : 1;
  }

  cmp(other: ResourceQuantity): -1 | 0 | 1 {
    return this.nanos === other.nanos ? 0 : this.nanos < other.nanos ? -1 : 1;
  }

  equals(other: ResourceQuantity): boolean {
    return this.nanos === other.nanos;
  }

  /** Like Kubernetes' Add: a zero receiver takes the other's format. */
  add(other: ResourceQuantity): ResourceQuantity {
    return new ResourceQuantity(this.nanos + other.nanos, this.isZero() ? other.format : this.format);
  }

  sub(other: ResourceQuantity): ResourceQuantity {
    return new ResourceQuantity(this.nanos - other.nanos, this.isZero() ? other.format : this.format);
  }

  neg(): ResourceQuantity {
    return new ResourceQuantity(-this.nanos, this.format);
  }

  /** Whole units (bytes of memory, cores), rounded away from zero as Kubernetes' Value(). */
  value(): number {
    return Number(divUp(this.nanos, NANO));
  }

  /** Thousandths (millicores of CPU), rounded away from zero as Kubernetes' MilliValue(). */
  toMilli(): number {
    return Number(divUp(this.nanos, 1_000_000n));
  }

  /** The canonical form, as Kubernetes' CanonicalizeBytes. */
  toString(): string {
    if (this.nanos === 0n) return '0';
    const bytes = abs(this.nanos);
    // A binary value below 1Ki, or not a whole number of bytes, is shown in decimal so no precision is lost.
    if (this.format === 'BinarySI' && bytes >= 1024n * NANO && bytes % NANO === 0n) {
      return this.binaryString();
    }
    return this.decimalString(this.format === 'DecimalExponent' ? 'DecimalExponent' : 'DecimalSI');
  }

  toJSON(): string {
    return this.toString();
  }

  private binaryString(): string {
    let mantissa = this.nanos / NANO;
    let power = 0;
    while (mantissa % 1024n === 0n && power < binarySuffixByPower.length - 1) {
      mantissa /= 1024n;
      power++;
    }
    return `${mantissa}${binarySuffixByPower[power]}`;
  }

  private decimalString(format: 'DecimalSI' | 'DecimalExponent'): string {
    let mantissa = this.nanos;
    let exponent = -NANO_DIGITS;
    while (mantissa % 10n === 0n) {
      mantissa /= 10n;
      exponent++;
    }
    // Exponents are multiples of 3 so they map onto the SI suffixes.
    const shift = ((exponent % 3) + 3) % 3;
    mantissa *= pow10(shift);
    exponent -= shift;
    const suffix = format === 'DecimalSI' ? decimalSuffixByExponent.get(exponent) : undefined;
    if (suffix !== undefined) return `${mantissa}${suffix}`;
    return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  }
}

interface Scanned {
  negative: boolean;
  whole: string;
  fraction: string;
  suffix: string;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Splits `-1.5Gi` into sign, digits and suffix, accepting what Kubernetes' scanner accepts. */
function scan(input: string): Scanned {
  let pos = 0;
  const negative = input[0] === '-';
  if (input[0] === '-' || input[0] === '+') pos++;
  const wholeStart = pos;
  while (isDigit(input[pos])) pos++;
  const whole = input.slice(wholeStart, pos);
  let fraction = '';
  if (input[pos] === '.') {
    const fractionStart = ++pos;
    while (isDigit(input[pos])) pos++;
    fraction = input.slice(fractionStart, pos);
  }
  const suffixStart = pos;
  while (pos < input.length && 'eEinumkKMGTP'.includes(input[pos])) pos++;
  if (input[pos] === '-' || input[pos] === '+') pos++;
  while (isDigit(input[pos])) pos++;
  if (pos < input.length) throw new QuantityParseError(input, FORMAT_WRONG);
  return { negative, whole, fraction, suffix: input.slice(suffixStart) };
}

function interpretSuffix(
  input: string,
  suffix: string,
): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (suffix in decimalSuffixes) return { base: 10, exponent: decimalSuffixes[suffix], format: 'DecimalSI' };
  if (suffix in binarySuffixes) return { base: 2, exponent: binarySuffixes[suffix], format: 'BinarySI' };
  if (/^[eE][-+]?\d+$/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    if (exponent > MAX_EXPONENT)
      throw new QuantityParseError(input, `exponent must be at most ${MAX_EXPONENT}`);
    return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw new QuantityParseError(input, SUFFIX_WRONG);
}

/** Parses a quantity; values finer than 1n are rounded up to it, as Kubernetes does. */
export function parseQuantity(input: string): ResourceQuantity {
  if (typeof input !== 'string' || input.length === 0)
    throw new QuantityParseError(String(input), FORMAT_WRONG);
  const { negative, whole, fraction, suffix } = scan(input);
  const { base, exponent, format: parsedFormat } = interpretSuffix(input, suffix);
  const digits = BigInt(`${whole}${fraction}` || '0');
  // value = digits * 10^-fraction.length * base^exponent; count it in nanos, rounding up.
  let numerator = base === 2 ? digits << BigInt(exponent) : digits;
  let decimalShift = NANO_DIGITS - fraction.length + (base === 10 ? exponent : 0);
  if (decimalShift >= 0) {
    numerator *= pow10(decimalShift);
    decimalShift = 0;
  }
  let nanos =
    decimalShift === 0 || numerator === 0n
      ? numerator
      : -decimalShift > numerator.toString().length
        ? 1n
        : divUp(numerator, pow10(-decimalShift));
  let format = parsedFormat;
  if (format === 'BinarySI' && nanos > MAX_BINARY_NANOS) nanos = MAX_BINARY_NANOS;
  if (format === 'BinarySI' && nanos > 0n && nanos < NANO) format = 'DecimalSI';
  if (negative) nanos = -nanos;
  return new ResourceQuantity(nanos, format);
}

/** The canonical spelling Kubernetes stores and returns: `1.5` → `1500m`, `1024Mi` → `1Gi`. */
export function canonicalize(input: string): string {
  return parseQuantity(input).toString();
}

/** Canonicalizes every quantity of a resource list; throws QuantityParseError on a bad one. */
export function canonicalizeResourceList(list: ResourceList): ResourceList {
  return Object.fromEntries(Object.entries(list).map(([name, q]) => [name, canonicalize(q)]));
}
