import { Writer } from 'protobufjs/minimal';
import { ApiError } from '../errors';
import { decodeProtoWrapper } from './proto-wrappers';

const time = (seconds?: number, nanos?: number) => {
  const w = Writer.create();
  if (seconds !== undefined) w.uint32(0x08).int64(seconds);
  if (nanos !== undefined) w.uint32(0x10).int32(nanos);
  return w.finish();
};

describe(decodeProtoWrapper.name, () => {
  describe('Time and MicroTime', () => {
    it('writes the zero time, an empty message, as null', () => {
      expect(decodeProtoWrapper(new Uint8Array(), 'Time', 'x')).toBeNull();
      expect(decodeProtoWrapper(new Uint8Array(), 'MicroTime', 'x')).toBeNull();
    });

    it('writes Time as RFC 3339 in whole seconds, as metav1.Time does', () => {
      expect(decodeProtoWrapper(time(1_704_164_705, 999_999_999), 'Time', 'x')).toBe('2024-01-02T03:05:05Z');
      expect(decodeProtoWrapper(time(0), 'Time', 'x')).toBe('1970-01-01T00:00:00Z');
    });

    it('writes MicroTime with six fractional digits', () => {
      expect(decodeProtoWrapper(time(1_704_164_705, 42_000), 'MicroTime', 'x')).toBe(
        '2024-01-02T03:05:05.000042Z',
      );
      expect(decodeProtoWrapper(time(1_704_164_705), 'MicroTime', 'x')).toBe('2024-01-02T03:05:05.000000Z');
    });

    it('carries nanoseconds outside a second into the seconds, like time.Unix', () => {
      expect(decodeProtoWrapper(time(10, 1_500_000_000), 'MicroTime', 'x')).toBe(
        '1970-01-01T00:00:11.500000Z',
      );
    });

    it('rejects a year Go cannot write as JSON', () => {
      const error = (() => {
        try {
          decodeProtoWrapper(time(300_000_000_000), 'Time', 'Pod.status.startTime');
        } catch (e) {
          return e as ApiError;
        }
      })();
      expect(error).toMatchObject({ code: 400, message: expect.stringContaining('Pod.status.startTime') });
    });
  });

  it('reads IntOrString as a number, or as a string when type is 1', () => {
    const int = Writer.create()
      .uint32(0x08)
      .int64(0)
      .uint32(0x10)
      .int32(8080)
      .uint32(0x1a)
      .string('')
      .finish();
    const str = Writer.create()
      .uint32(0x08)
      .int64(1)
      .uint32(0x10)
      .int32(0)
      .uint32(0x1a)
      .string('25%')
      .finish();
    expect(decodeProtoWrapper(int, 'IntOrString', 'x')).toBe(8080);
    expect(decodeProtoWrapper(str, 'IntOrString', 'x')).toBe('25%');
    expect(decodeProtoWrapper(new Uint8Array(), 'IntOrString', 'x')).toBe(0);
  });

  it('reads Quantity as its string, and an empty one as "0"', () => {
    expect(decodeProtoWrapper(Writer.create().uint32(0x0a).string('512Mi').finish(), 'Quantity', 'x')).toBe(
      '512Mi',
    );
    expect(decodeProtoWrapper(new Uint8Array(), 'Quantity', 'x')).toBe('0');
  });

  it('skips fields it does not know, of any wire type', () => {
    const bytes = Writer.create()
      .uint32(0x1d)
      .fixed32(7)
      .uint32(0x0a)
      .string('1')
      .uint32(0x21)
      .fixed64(9)
      .finish();
    expect(decodeProtoWrapper(bytes, 'Quantity', 'x')).toBe('1');
  });
});
