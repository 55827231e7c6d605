import { ApiError } from '../errors';
import { KubeObject } from '../types';
import { applyPatch } from './apply-patch';

const deployment = (): KubeObject => ({
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'x' }] } } },
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

describe(applyPatch.name, () => {
  const addContainer = { spec: { template: { spec: { containers: [{ name: 'b', image: 'y' }] } } } };
  const containerNames = (obj: KubeObject) =>
    (obj.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers.map(
      (c) => c.name,
    );

  it('merges lists by key for strategic merge patch and replaces them for merge patch', () => {
    const strategic = applyPatch(
      'application/strategic-merge-patch+json',
      deployment(),
      addContainer,
      'Deployment',
    );
    expect(containerNames(strategic)).toEqual(['b', 'a']);
    const merge = applyPatch('application/merge-patch+json', deployment(), addContainer, 'Deployment');
    expect(containerNames(merge)).toEqual(['b']);
  });

  it('applies a JSON patch and ignores media type parameters', () => {
    const result = applyPatch(
      'application/json-patch+json; charset=utf-8',
      deployment(),
      [{ op: 'replace', path: '/spec/replicas', value: 3 }],
      'Deployment',
    );
    expect(result.spec).toMatchObject({ replicas: 3 });
  });

  it('answers 415 for other media types, server-side apply included', () => {
    for (const type of ['application/json', 'application/apply-patch+yaml', 'text/plain']) {
      expect(thrown(() => applyPatch(type, deployment(), {}, 'Deployment')).code).toBe(415);
    }
  });

  it('answers 415 for strategic merge on a kind without Go types, even with a bad body', () => {
    expect(
      thrown(() => applyPatch('application/strategic-merge-patch+json', deployment(), 'x', 'Widget')).code,
    ).toBe(415);
    const merged = applyPatch(
      'application/merge-patch+json',
      deployment(),
      { spec: { replicas: 2 } },
      'Widget',
    );
    expect(merged.spec).toMatchObject({ replicas: 2 });
  });
});
