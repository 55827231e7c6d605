import { ApiError } from '../errors';
import { KubeObject } from '../types';
import { strategicMergePatch } from './strategic-merge-patch';

/** Frozen inputs make any mutation by the patch code throw. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const deployment = (): KubeObject =>
  deepFreeze({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      labels: { app: 'web', tier: 'fe' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}' },
      finalizers: ['a.example.com/one', 'b.example.com/two'],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [
                { containerPort: 80, name: 'http' },
                { containerPort: 443, name: 'https' },
              ],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
                { name: 'C', value: '3' },
              ],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
          tolerations: [{ key: 'x', operator: 'Exists' }],
        },
      },
    },
  });

type Json = Record<string, any>;
const patched = (patch: object, original: KubeObject = deployment(), kind = 'Deployment'): Json =>
  strategicMergePatch(original, deepFreeze(patch), kind) as Json;
const containers = (obj: Json): Json[] => obj.spec.template.spec.containers;

describe(strategicMergePatch.name, () => {
  it('applies the patch kubectl apply sends, without touching the original', () => {
    const original = deployment();
    const before = JSON.stringify(original);
    const result = patched(
      {
        metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}' } },
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
              containers: [{ image: 'nginx:1.28', name: 'nginx' }],
            },
          },
        },
      },
      original,
    );
    expect(containers(result).map((c) => [c.name, c.image])).toEqual([
      ['nginx', 'nginx:1.28'],
      ['sidecar', 'busybox'],
    ]);
    // The rest of the container is kept: this is a merge, not a replace.
    expect(containers(result)[0].env).toHaveLength(3);
    expect(result.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}',
    });
    expect(result.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(JSON.stringify(original)).toBe(before);
    expect(JSON.stringify(result)).not.toContain('$setElementOrder');
  });

  it('applies the exact body kubectl apply sent in KUBECTL-NOTES.md', () => {
    const original: KubeObject = deepFreeze({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'nginx',
        annotations: { a: 'old', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      spec: {
        replicas: 1,
        template: {
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
        },
      },
    });
    const body = JSON.parse(
      '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"v\\":2}\\n"}},' +
        '"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],' +
        '"containers":[{"image":"nginx:1.28","name":"nginx"}]}}}}',
    );
    const result = patched(body, original);
    expect(result).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'nginx',
        annotations: { a: 'old', 'kubectl.kubernetes.io/last-applied-configuration': '{"v":2}\n' },
      },
      spec: {
        replicas: 1,
        template: {
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.28', ports: [{ containerPort: 80 }] }] },
        },
      },
    });
  });

  it('merges env by name and removes the element marked $patch: delete', () => {
    const result = patched({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'nginx',
                env: [
                  { name: 'B', value: 'two' },
                  { name: 'C', $patch: 'delete' },
                ],
              },
            ],
          },
        },
      },
    });
    expect(containers(result)[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
    ]);
    expect(containers(result)[1]).toEqual({ name: 'sidecar', image: 'busybox' });
  });

  it('deletes a label with null and sets a field with a scalar', () => {
    const result = patched({ metadata: { labels: { tier: null, track: 'stable' } }, spec: { replicas: 5 } });
    expect(result.metadata.labels).toEqual({ app: 'web', track: 'stable' });
    expect(result.spec.replicas).toBe(5);
  });

  it('drops the keys $retainKeys does not list', () => {
    const result = patched({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    expect(result.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('refuses a patch that sets a key $retainKeys does not list', () => {
    const error = thrown(() => patched({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }));
    expect(error.code).toBe(400);
  });

  it('removes finalizers with $deleteFromPrimitiveList and merges added ones as a set', () => {
    const removed = patched({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/one'] } });
    expect(removed.metadata.finalizers).toEqual(['b.example.com/two']);
    const added = patched({ metadata: { finalizers: ['b.example.com/two', 'c.example.com/three'] } });
    expect([...added.metadata.finalizers].sort()).toEqual([
      'a.example.com/one',
      'b.example.com/two',
      'c.example.com/three',
    ]);
  });

  it('orders, adds and removes finalizers in one patch, as kubectl apply generates it', () => {
    const result = patched({
      metadata: {
        '$setElementOrder/finalizers': ['c.example.com/three', 'a.example.com/one'],
        finalizers: ['c.example.com/three'],
        '$deleteFromPrimitiveList/finalizers': ['b.example.com/two'],
      },
    });
    expect(result.metadata.finalizers).toEqual(['c.example.com/three', 'a.example.com/one']);
  });

  it('replaces a merged list wholesale with a $patch: replace element', () => {
    const result = patched({
      spec: {
        template: {
          spec: {
            containers: [
              { $patch: 'replace' },
              { name: 'only', image: 'alpine', env: [{ name: 'X', value: null }] },
            ],
          },
        },
      },
    });
    // Directives and nulls never reach the stored object.
    expect(containers(result)).toEqual([{ name: 'only', image: 'alpine', env: [{ name: 'X' }] }]);
  });

  it('merges container ports by containerPort', () => {
    const result = patched({
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'nginx', ports: [{ containerPort: 443, protocol: 'TCP' }, { containerPort: 8080 }] },
            ],
          },
        },
      },
    });
    const ports = containers(result)[0].ports;
    expect(ports).toHaveLength(3);
    expect(ports).toContainEqual({ containerPort: 80, name: 'http' });
    expect(ports).toContainEqual({ containerPort: 443, name: 'https', protocol: 'TCP' });
    expect(ports).toContainEqual({ containerPort: 8080 });
  });

  it('reorders a list by $setElementOrder, also when the patch changes nothing in it', () => {
    const result = patched({
      spec: {
        template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] } },
      },
    });
    expect(containers(result).map((c) => c.name)).toEqual(['sidecar', 'nginx']);
    expect(containers(result)[1].image).toBe('nginx:1.27');
  });

  it('places a new element where $setElementOrder says', () => {
    const result = patched({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'logger' }, { name: 'sidecar' }],
            containers: [{ name: 'logger', image: 'fluent-bit' }],
          },
        },
      },
    });
    expect(containers(result).map((c) => c.name)).toEqual(['nginx', 'logger', 'sidecar']);
  });

  it('puts a new element first without $setElementOrder, as Kubernetes does', () => {
    const result = patched({
      spec: { template: { spec: { containers: [{ name: 'logger', image: 'fluent-bit' }] } } },
    });
    expect(containers(result).map((c) => c.name)).toEqual(['logger', 'nginx', 'sidecar']);
  });

  it('refuses a $setElementOrder list that does not name a patched element', () => {
    const error = thrown(() =>
      patched({
        spec: {
          template: {
            spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ name: 'x' }] },
          },
        },
      }),
    );
    expect(error.code).toBe(400);
  });

  it('replaces lists Kubernetes does not merge, such as tolerations', () => {
    const result = patched({
      spec: { template: { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } } },
    });
    expect(result.spec.template.spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
  });

  it('handles $patch: replace and $patch: delete on maps', () => {
    const replaced = patched({ spec: { selector: { $patch: 'replace', matchLabels: { app: 'other' } } } });
    expect(replaced.spec.selector).toEqual({ matchLabels: { app: 'other' } });
    const replacedLabels = patched({ metadata: { labels: { $patch: 'replace', only: 'this', gone: null } } });
    expect(replacedLabels.metadata.labels).toEqual({ only: 'this' });
    const deleted = patched({ metadata: { annotations: { $patch: 'delete' } } });
    expect(deleted.metadata).not.toHaveProperty('annotations');
  });

  it('merges Service ports by port and owner references by uid', () => {
    const service: KubeObject = deepFreeze({
      kind: 'Service',
      metadata: { name: 's', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u1' }] },
      spec: { ports: [{ port: 80, targetPort: 8080 }] },
    });
    const result = patched(
      {
        metadata: { ownerReferences: [{ uid: 'u1', controller: true }] },
        spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] },
      },
      service,
      'Service',
    );
    expect(result.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u1', controller: true },
    ]);
    expect(result.spec.ports).toContainEqual({ port: 80, targetPort: 9090 });
    expect(result.spec.ports).toContainEqual({ port: 443 });
  });

  it('cordons a node the way kubectl does', () => {
    const node: KubeObject = deepFreeze({
      kind: 'Node',
      metadata: { name: 'n1' },
      spec: { podCIDR: '10.0.0.0/24' },
    });
    expect(patched({ spec: { unschedulable: true } }, node, 'Node').spec).toEqual({
      podCIDR: '10.0.0.0/24',
      unschedulable: true,
    });
  });

  it('answers 415 for kinds Kubernetes has no Go types for', () => {
    const error = thrown(() => patched({ spec: {} }, deployment(), 'Widget'));
    expect(error.code).toBe(415);
    expect(error.message).toBe('strategic merge patch is not supported for Widget');
  });

  it.each([
    [
      'a list element without its merge key',
      { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
    ],
    ['an unknown $patch directive', { metadata: { labels: { $patch: 'explode' } } }],
    [
      'a $setElementOrder that is not a list',
      { spec: { template: { spec: { '$setElementOrder/containers': 1 } } } },
    ],
    ['a non-object body', []],
  ])('answers 400 for %s', (_what, patch) => {
    expect(thrown(() => patched(patch)).code).toBe(400);
  });
});
