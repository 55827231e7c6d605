import { Writer } from 'protobufjs/minimal';
import { ApiError } from '../errors';
import { decodeProtoMessage } from './proto-decoder';
import { parseProtoField, ProtoMessage } from './proto-field';

type Value = string | number | boolean | Uint8Array;

/**
 * Hand-encodes a message from [field number, value] pairs with Kubernetes' field numbers written
 * out, so these tests check the schema tables rather than reuse them: strings, bytes and
 * sub-messages are length-delimited, numbers and booleans varints.
 */
function msg(...fields: [number, Value][]): Uint8Array {
  const w = Writer.create();
  for (const [n, v] of fields) {
    if (typeof v === 'string') w.uint32((n << 3) | 2).string(v);
    else if (v instanceof Uint8Array) w.uint32((n << 3) | 2).bytes(v);
    else if (typeof v === 'boolean') w.uint32(n << 3).bool(v);
    else w.uint32(n << 3).int64(v);
  }
  return w.finish();
}

const empty = new Uint8Array();
const nov14 = 1_700_000_000; // 2023-11-14T22:13:20Z

function table(fields: Record<string, Record<number, string>>): Map<string, ProtoMessage> {
  return new Map(
    Object.entries(fields).map(([name, f]) => [
      name,
      new Map(Object.entries(f).map(([n, text]) => [Number(n), parseProtoField(text)])),
    ]),
  );
}

describe(decodeProtoMessage.name, () => {
  it('decodes a Pod with probes, env sources, resources, tolerations and status as Go writes it', () => {
    const configMapKeyRef = msg([1, msg([1, 'settings'])], [2, 'mode']); // name is an inline LocalObjectReference
    const container = msg(
      [1, 'app'],
      [2, 'nginx'],
      [6, msg([1, 'http'], [2, 0], [3, 8080], [4, 'TCP'])],
      [7, msg([1, 'MODE'], [2, ''], [3, msg([3, configMapKeyRef])])],
      [8, msg([2, msg([1, 'cpu'], [2, msg([1, '250m'])])])],
      // Probe: the handler is an inline ProbeHandler (1) holding httpGet (2) on a named port.
      [10, msg([1, msg([2, msg([1, '/healthz'], [2, msg([1, 1], [2, 0], [3, 'http'])])])], [3, 0], [4, 10])],
      [16, true], // stdin: not in Orchestra's types, so skipped
    );
    const spec = msg(
      [1, msg([1, 'data'])], // volumes: a name only (no source Orchestra knows)
      [2, container],
      [3, 'Always'],
      [4, 0],
      [10, ''],
      [22, msg([1, 'node.kubernetes.io/not-ready'], [2, 'Exists'], [3, ''], [4, 'NoExecute'], [5, 300])],
      [25, 0],
    );
    const condition = msg(
      [1, 'PodScheduled'],
      [2, 'True'],
      [3, empty],
      [4, msg([1, nov14])],
      [5, ''],
      [6, ''],
    );
    const status = msg([1, 'Pending'], [2, condition], [7, msg([1, nov14], [2, 5])]);
    const meta = msg([1, 'web-0'], [3, 'demo'], [7, 0], [8, empty], [11, msg([1, 'app'], [2, 'web'])]);

    expect(decodeProtoMessage(msg([1, meta], [2, spec], [3, status]), 'Pod')).toEqual({
      metadata: { name: 'web-0', namespace: 'demo', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } }],
            resources: { requests: { cpu: '250m' } },
            livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 0,
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
        volumes: [{ name: 'data' }],
        priority: 0,
      },
      status: {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2023-11-14T22:13:20Z',
          },
        ],
        startTime: '2023-11-14T22:13:20Z',
      },
    });
  });

  it('decodes a Node with capacity quantities, taints and the fields whose tags lack omitempty', () => {
    const info = msg([1, 'm'], [2, ''], [9, 'linux'], [10, 'amd64']);
    const nodeStatus = msg(
      [1, msg([1, 'cpu'], [2, msg([1, '4'])])],
      [1, msg([1, 'memory'], [2, msg([1, '8Gi'])])],
      [5, msg([1, 'InternalIP'], [2, '10.0.0.1'])],
      [6, msg([1, msg([1, 10250])])],
      [7, info],
    );
    const nodeSpec = msg([4, false], [5, msg([1, 'dedicated'], [2, ''], [3, 'NoSchedule'])]);
    expect(decodeProtoMessage(msg([1, msg([1, 'n1'])], [2, nodeSpec], [3, nodeStatus]), 'Node')).toEqual({
      metadata: { name: 'n1' },
      spec: { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] },
      status: {
        capacity: { cpu: '4', memory: '8Gi' },
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: { machineID: 'm', systemUUID: '', operatingSystem: 'linux', architecture: 'amd64' },
      },
    });
  });

  describe('wire semantics', () => {
    const messages = table({
      Root: {
        1: 'values: int32[]',
        2: 'labels: map<string>',
        3: 'child: Child',
        4: 'big: int64',
        5: 'kept!: string',
        6: 'data: map<bytes>',
      },
      Child: { 1: 'a: string', 2: 'b: string' },
    });

    it('accumulates repeated scalars, packed and unpacked alike', () => {
      const packed = Writer.create().uint32(0x0a).fork().int32(3).int32(-4).ldelim().finish();
      const bytes = Buffer.concat([msg([1, 1], [1, 2]), packed]);
      expect(decodeProtoMessage(bytes, 'Root', messages)).toEqual({ values: [1, 2, 3, -4] });
    });

    it('keeps map keys as plain own keys, and a value missing from its entry is empty', () => {
      const decoded = decodeProtoMessage(
        msg([2, msg([1, '__proto__'], [2, 'x'])], [2, msg([1, 'k'])]),
        'Root',
        messages,
      );
      expect(Object.keys(decoded.labels as object)).toEqual(['__proto__', 'k']);
      expect(Object.getPrototypeOf(decoded.labels)).toBe(Object.prototype);
      expect((decoded.labels as Record<string, string>).k).toBe('');
    });

    it('writes bytes map values in base64, as Go does for []byte', () => {
      const decoded = decodeProtoMessage(
        msg([6, msg([1, 'bin'], [2, new Uint8Array([0, 255])])]),
        'Root',
        messages,
      );
      expect(decoded).toEqual({ data: { bin: 'AP8=' } });
    });

    it('merges a message field that appears twice, as protobuf does', () => {
      expect(decodeProtoMessage(msg([3, msg([1, 'x'])], [3, msg([2, 'y'])]), 'Root', messages)).toEqual({
        child: { a: 'x', b: 'y' },
      });
    });

    it('reads int64 beyond 32 bits and keeps empty fields whose tag lacks omitempty', () => {
      expect(decodeProtoMessage(msg([4, -5_000_000_000], [5, '']), 'Root', messages)).toEqual({
        big: -5_000_000_000,
        kept: '',
      });
    });

    it('skips unknown fields of every wire type', () => {
      const unknown = Writer.create()
        .uint32(0x49)
        .fixed64(1)
        .uint32(0x55)
        .fixed32(2)
        .uint32(0x58)
        .int32(3)
        .finish();
      const bytes = Buffer.concat([unknown, msg([99, msg([1, 'nested'])], [5, 'ok'])]);
      expect(decodeProtoMessage(bytes, 'Root', messages)).toEqual({ kept: 'ok' });
    });

    it('answers 400 naming the field when a known field has the wrong wire type', () => {
      let error: unknown;
      try {
        decodeProtoMessage(msg([3, 7]), 'Root', messages);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 400, message: expect.stringContaining('Root.child') });
    });

    it('throws on a field that runs past the end of the body', () => {
      const bytes = msg([5, 'truncated']).subarray(0, 5);
      expect(() => decodeProtoMessage(bytes, 'Root', messages)).toThrow();
    });
  });
});
