import { KubeObject } from '@orchestra/api';
import { decideGc, foregroundDeletion, orphanFinalizer, OwnerState } from './gc-decision';

const owner = (extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'ns', uid: 'owner-uid', ...extra },
});
const dependent = (name: string, block = true, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'ns',
    uid: `${name}-uid`,
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web',
        uid: 'owner-uid',
        controller: true,
        blockOwnerDeletion: block,
      },
    ],
    ...extra,
  },
});
const ref = dependent('x').metadata.ownerReferences![0];
const ownerState = (state: OwnerState['state']): OwnerState => ({ ref, state });

describe(decideGc.name, () => {
  it('leaves an object with a live owner alone', () => {
    expect(decideGc(dependent('p'), [ownerState('present')], [])).toEqual({ kind: 'none' });
  });

  it('leaves an object without owners alone', () => {
    expect(decideGc(owner(), [], [])).toEqual({ kind: 'none' });
  });

  it('deletes a dependent whose owners are all gone, in the background', () => {
    expect(decideGc(dependent('p'), [ownerState('absent')], [])).toEqual({
      kind: 'delete',
      propagationPolicy: 'Background',
    });
  });

  it('deletes a dependent in the foreground when its owner waits for its dependents', () => {
    expect(decideGc(dependent('p'), [ownerState('deleting-foreground')], [])).toEqual({
      kind: 'delete',
      propagationPolicy: 'Foreground',
    });
  });

  it('keeps a dependent that still has one live owner among gone ones', () => {
    expect(decideGc(dependent('p'), [ownerState('absent'), ownerState('present')], [])).toEqual({
      kind: 'none',
    });
  });

  it('orphans: strips the ownerReference from dependents, then drops the orphan finalizer', () => {
    const deleting = owner({ deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [orphanFinalizer] });
    const pods = [dependent('a'), dependent('b')];
    expect(decideGc(deleting, [], pods)).toEqual({ kind: 'orphan-dependents', dependents: pods });
    const released = pods.map((p) => ({ ...p, metadata: { ...p.metadata, ownerReferences: [] } }));
    expect(decideGc(deleting, [], released)).toEqual({
      kind: 'remove-finalizer',
      finalizer: orphanFinalizer,
    });
  });

  it('foreground: deletes blocking dependents, waits while they go, then drops the finalizer', () => {
    const deleting = owner({ deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [foregroundDeletion] });
    const blocking = dependent('a');
    const nonBlocking = dependent('b', false);
    expect(decideGc(deleting, [], [blocking, nonBlocking])).toEqual({
      kind: 'delete-dependents-foreground',
      dependents: [blocking],
    });
    const going = dependent('a', true, { deletionTimestamp: '2026-01-01T00:00:01Z' });
    expect(decideGc(deleting, [], [going])).toEqual({ kind: 'none' });
    expect(decideGc(deleting, [], [nonBlocking])).toEqual({
      kind: 'remove-finalizer',
      finalizer: foregroundDeletion,
    });
  });
});
