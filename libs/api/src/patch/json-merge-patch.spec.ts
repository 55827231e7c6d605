import { ApiError } from '../errors';
import { KubeObject } from '../types';
import { applyJsonMergePatch, jsonMergePatch } from './json-merge-patch';

describe(jsonMergePatch.name, () => {
  // The examples of RFC 7386 appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('merges %j with %j into %j', (target, patch, expected) => {
    expect(jsonMergePatch(target, patch)).toEqual(expected);
  });

  it('does not mutate the target or the patch', () => {
    const target = { a: { b: 1 }, list: [1] };
    const patch = { a: { c: 2 }, list: [2] };
    const result = jsonMergePatch(target, patch) as typeof target & typeof patch;
    expect(target).toEqual({ a: { b: 1 }, list: [1] });
    result.list.push(3);
    expect(patch.list).toEqual([2]);
  });
});

describe(applyJsonMergePatch.name, () => {
  const deployment: KubeObject = {
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 1 },
  };

  it('applies what kubectl scale sends and leaves the original alone', () => {
    const result = applyJsonMergePatch(deployment, { spec: { replicas: 5 } });
    expect(result.spec).toEqual({ replicas: 5 });
    expect(deployment.spec).toEqual({ replicas: 1 });
    result.metadata.labels!.app = 'changed';
    expect(deployment.metadata.labels).toEqual({ app: 'web' });
  });

  it('answers 400 for a body that is not an object', () => {
    expect(() => applyJsonMergePatch(deployment, [{ op: 'add' }])).toThrow(ApiError);
    expect(() => applyJsonMergePatch(deployment, 'x')).toThrow('Invalid JSON Patch');
  });

  it('answers 422 when the patch deletes metadata', () => {
    let error: unknown;
    try {
      applyJsonMergePatch(deployment, { metadata: null });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(422);
  });
});
