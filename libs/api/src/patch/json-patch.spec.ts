import { ApiError } from '../errors';
import { KubeObject } from '../types';
import { applyJsonPatch } from './json-patch';

const pod = (): KubeObject => ({
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
});

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe(applyJsonPatch.name, () => {
  it('applies operations to a copy', () => {
    const original = pod();
    const result = applyJsonPatch(original, [
      { op: 'test', path: '/metadata/labels/app', value: 'web' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.28' },
      { op: 'add', path: '/metadata/labels/tier', value: 'fe' },
      { op: 'remove', path: '/metadata/labels/app' },
    ]);
    expect(result.metadata.labels).toEqual({ tier: 'fe' });
    expect((result.spec as { containers: { image: string }[] }).containers[0].image).toBe('nginx:1.28');
    expect(original).toEqual(pod());
  });

  it('answers 422 Invalid with the reason as a cause when a test fails', () => {
    const error = thrown(() =>
      applyJsonPatch(pod(), [{ op: 'test', path: '/metadata/labels/app', value: 'api' }]),
    );
    expect(error.code).toBe(422);
    expect(error.reason).toBe('Invalid');
    expect(error.details?.causes?.[0].message).toBe('testing value /metadata/labels/app failed: test failed');
  });

  it.each([
    [[{ op: 'replace', path: '/spec/missing', value: 1 }], 'replace operation does not apply'],
    [[{ op: 'remove', path: '/metadata/annotations' }], 'remove operation does not apply'],
    [[{ op: 'add', path: '/a/b/c', value: 1 }], 'add operation does not apply'],
    [[{ op: 'explode', path: '/a' }], 'Unexpected kind: explode'],
    [[{ op: 'add', path: '/__proto__/polluted', value: 1 }], 'banned for security reasons'],
  ])('answers 422 for %j', (patch, message) => {
    const error = thrown(() => applyJsonPatch(pod(), patch));
    expect(error.code).toBe(422);
    expect(error.details?.causes?.[0].message).toContain(message);
  });

  it('answers 400 for a body that is not a list of operations', () => {
    expect(thrown(() => applyJsonPatch(pod(), { op: 'add' })).code).toBe(400);
    expect(thrown(() => applyJsonPatch(pod(), ['add'])).code).toBe(400);
  });

  it('answers 413 beyond 10,000 operations', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }));
    expect(thrown(() => applyJsonPatch(pod(), ops)).code).toBe(413);
  });

  it('answers 422 when the result is no longer an object with metadata', () => {
    expect(thrown(() => applyJsonPatch(pod(), [{ op: 'remove', path: '/metadata' }])).code).toBe(422);
  });
});
