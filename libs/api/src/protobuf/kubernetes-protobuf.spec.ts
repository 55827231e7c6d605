import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writer } from 'protobufjs/minimal';
import { ApiError } from '../errors';
import { decodeKubernetesProtobuf } from './kubernetes-protobuf';

// Bodies captured from kubectl v1.32.4 and v1.33.1 (byte-identical) by a loopback proxy, each
// beside what the same command prints with `--dry-run=client -o json`: the JSON it would send.
// (`kubectl run` is not here: it sends JSON even in 1.33.)
const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name));
const captured = [
  ['create namespace demo', 'create-namespace'],
  ['create deployment web --image=nginx:1.27 --replicas=3 --port=80', 'create-deployment'],
  ['create deployment zero --image=nginx --replicas=0', 'create-deployment-zero-replicas'],
  ['create configmap cfg --from-literal=a=b', 'create-configmap'],
  ['create service clusterip svc --tcp=80:8080', 'create-service-clusterip'],
];

/** Wraps a message in the k8s\0 + runtime.Unknown envelope, as client-go does. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  const typeMeta = Writer.create().uint32(0x0a).string(apiVersion).uint32(0x12).string(kind).finish();
  const unknown = Writer.create().uint32(0x0a).bytes(typeMeta).uint32(0x12).bytes(raw).finish();
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe(decodeKubernetesProtobuf.name, () => {
  it.each(captured)('decodes `kubectl %s` to the JSON kubectl would send', (_command, name) => {
    const decoded = decodeKubernetesProtobuf(fixture(`${name}.bin`));
    const expected = JSON.parse(fixture(`${name}.dry-run.json`).toString('utf8'));
    expect(decoded.object).toEqual(expected);
    expect(decoded).toMatchObject({ apiVersion: expected.apiVersion, kind: expected.kind });
  });

  it('keeps an explicit replicas: 0, which a pointer field carries on the wire', () => {
    const { object } = decodeKubernetesProtobuf(fixture('create-deployment-zero-replicas.bin'));
    expect((object.spec as { replicas?: number }).replicas).toBe(0);
  });

  it('decodes a Lease with MicroTime renewals and a DeleteOptions under any group version', () => {
    const microTime = Writer.create()
      .uint32(0x08)
      .int64(1_700_000_000)
      .uint32(0x10)
      .int32(123_456_789)
      .finish();
    const spec = Writer.create()
      .uint32(0x0a)
      .string('node-1')
      .uint32(0x10)
      .int32(40)
      .uint32(0x22)
      .bytes(microTime);
    const lease = Writer.create().uint32(0x12).bytes(spec.finish()).finish();
    expect(decodeKubernetesProtobuf(envelope('coordination.k8s.io/v1', 'Lease', lease)).object).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2023-11-14T22:13:20.123456Z' },
    });
    const options = Writer.create().uint32(0x08).int64(0).uint32(0x22).string('Foreground').finish();
    expect(decodeKubernetesProtobuf(envelope('apps/v1', 'DeleteOptions', options)).object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
    });
  });

  it('answers 415 for a kind it has no schema for, pointing at JSON', () => {
    const error = errorOf(() =>
      decodeKubernetesProtobuf(envelope('v1', 'PersistentVolumeClaim', new Uint8Array())),
    );
    expect(error.code).toBe(415);
    expect(error.reason).toBe('UnsupportedMediaType');
    expect(error.message).toContain('v1, Kind=PersistentVolumeClaim');
    expect(error.message).toContain('application/json');
  });

  it('answers 400 for a body cut short inside the object', () => {
    const body = fixture('create-deployment.bin');
    const error = errorOf(() => decodeKubernetesProtobuf(body.subarray(0, body.length - 20)));
    expect(error.code).toBe(400);
    expect(error.message).toMatch(/truncated or malformed/);
  });

  it('answers 400 for a body without the k8s\\0 magic', () => {
    const json = Buffer.from('{"apiVersion":"v1","kind":"Namespace"}');
    expect(errorOf(() => decodeKubernetesProtobuf(json))).toMatchObject({
      code: 400,
      message: expect.stringContaining('"k8s\\0"'),
    });
  });
});
