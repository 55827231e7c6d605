import { Writer } from 'protobufjs/minimal';
import { readProtobufEnvelope } from './protobuf-envelope';

const magic = Buffer.from('k8s\0', 'latin1');

function unknown(fields: {
  typeMeta?: Uint8Array;
  raw?: Uint8Array;
  encoding?: string;
  type?: string;
}): Buffer {
  const w = Writer.create();
  if (fields.typeMeta) w.uint32(0x0a).bytes(fields.typeMeta);
  if (fields.raw) w.uint32(0x12).bytes(fields.raw);
  if (fields.encoding !== undefined) w.uint32(0x1a).string(fields.encoding);
  if (fields.type !== undefined) w.uint32(0x22).string(fields.type);
  return Buffer.concat([magic, w.finish()]);
}

const typeMeta = (apiVersion: string, kind: string) =>
  Writer.create().uint32(0x0a).string(apiVersion).uint32(0x12).string(kind).finish();

describe(readProtobufEnvelope.name, () => {
  it('reads apiVersion and kind from typeMeta and the object message from raw', () => {
    const raw = new Uint8Array([0x0a, 0x00]);
    const envelope = readProtobufEnvelope(
      unknown({ typeMeta: typeMeta('apps/v1', 'Deployment'), raw, type: '' }),
    );
    expect(envelope).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      raw,
      contentEncoding: '',
      contentType: '',
    });
  });

  it('skips envelope fields it does not know', () => {
    const extra = Writer.create().uint32(0x28).int32(1).uint32(0x32).string('x').finish();
    const body = Buffer.concat([unknown({ typeMeta: typeMeta('v1', 'Pod') }), extra]);
    expect(readProtobufEnvelope(body)).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
  });

  it.each([
    ['an empty body', Buffer.alloc(0), /the request body is empty/],
    ['JSON', Buffer.from('{"kind":"Pod"}'), /must start with the 4 bytes "k8s\\0"/],
    ['a body shorter than the magic', Buffer.from('k8'), /must start with the 4 bytes/],
    [
      'a truncated envelope',
      unknown({ typeMeta: typeMeta('v1', 'Pod') }).subarray(0, 10),
      /truncated or malformed/,
    ],
    [
      'an envelope without a kind',
      unknown({ typeMeta: typeMeta('v1', '') }),
      /does not name its apiVersion and kind/,
    ],
    ['compressed content', unknown({ typeMeta: typeMeta('v1', 'Pod'), encoding: 'gzip' }), /not supported/],
    [
      'JSON inside the envelope',
      unknown({ typeMeta: typeMeta('v1', 'Pod'), type: 'application/json' }),
      /not supported/,
    ],
  ])('answers 400 for %s', (_what, body, message) => {
    expect(() => readProtobufEnvelope(body)).toThrow(message);
    try {
      readProtobufEnvelope(body);
    } catch (error) {
      expect(error).toMatchObject({ code: 400, reason: 'BadRequest' });
    }
  });
});
