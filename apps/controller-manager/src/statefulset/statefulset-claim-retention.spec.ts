import { OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '@orchestra/api';
import {
  claimOwnerReferences,
  claimOwnerUpdates,
  isClaimOwnerUpToDate,
  retentionPolicyOf,
} from './statefulset-claim-retention';

type Policy = 'Retain' | 'Delete';

function statefulSet(whenScaled?: Policy, whenDeleted?: Policy, replicas = 1): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'sts-uid' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'web:1' }] },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } },
      ],
      ...(whenScaled || whenDeleted
        ? { persistentVolumeClaimRetentionPolicy: { whenScaled, whenDeleted } }
        : {}),
    },
  };
}

const pod = (ordinal: number, uid = `pod-${ordinal}-uid`): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `web-${ordinal}`, namespace: 'default', uid },
  spec: { containers: [{ name: 'web', image: 'web:1' }] },
});

const claim = (ordinal: number, ownerReferences?: OwnerReference[]): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: {
    name: `data-web-${ordinal}`,
    namespace: 'default',
    uid: `claim-${ordinal}-uid`,
    ...(ownerReferences ? { ownerReferences } : {}),
  },
  spec: { resources: { requests: { storage: '1Gi' } } },
});

const setRef: OwnerReference = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  name: 'web',
  uid: 'sts-uid',
  controller: true,
  blockOwnerDeletion: true,
};
const podRef = (ordinal: number, uid = `pod-${ordinal}-uid`): OwnerReference => ({
  apiVersion: 'v1',
  kind: 'Pod',
  name: `web-${ordinal}`,
  uid,
  controller: true,
  blockOwnerDeletion: true,
});
const otherController: OwnerReference = {
  apiVersion: 'example.com/v1',
  kind: 'Backup',
  name: 'nightly',
  uid: 'backup-uid',
  controller: true,
};
const otherOwner: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'keep', uid: 'cm-uid' };

describe('StatefulSet claim retention', () => {
  it('defaults to Retain/Retain, and reads anything but Delete as Retain', () => {
    expect(retentionPolicyOf(statefulSet())).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(retentionPolicyOf(statefulSet('Delete'))).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });

  // replicas 1: web-0 is in range, web-1 condemned.
  it.each<[string, Policy, Policy, number, OwnerReference[]]>([
    ['Retain/Retain, in range: no owner', 'Retain', 'Retain', 0, []],
    ['Retain/Retain, condemned: no owner', 'Retain', 'Retain', 1, []],
    ['whenDeleted Delete, in range: the set', 'Retain', 'Delete', 0, [setRef]],
    ['whenDeleted Delete, condemned: still the set', 'Retain', 'Delete', 1, [setRef]],
    ['whenScaled Delete, in range: no owner (a replaced pod keeps its claim)', 'Delete', 'Retain', 0, []],
    ['whenScaled Delete, condemned: the pod', 'Delete', 'Retain', 1, [podRef(1)]],
    ['Delete/Delete, in range: the set', 'Delete', 'Delete', 0, [setRef]],
    ['Delete/Delete, condemned: the pod, not the set', 'Delete', 'Delete', 1, [podRef(1)]],
  ])('%s', (_title, whenScaled, whenDeleted, ordinal, wanted) => {
    const sts = statefulSet(whenScaled, whenDeleted);
    const bare = claim(ordinal);
    expect(isClaimOwnerUpToDate(bare, sts, pod(ordinal))).toBe(wanted.length === 0);
    expect(claimOwnerReferences(bare, sts, pod(ordinal))).toEqual(wanted);
    const done = claim(ordinal, wanted);
    expect(isClaimOwnerUpToDate(done, sts, pod(ordinal))).toBe(true);
  });

  it('takes its references back when the policy returns to Retain, keeping the others', () => {
    const sts = statefulSet('Retain', 'Retain');
    const owned = claim(1, [otherOwner, setRef, podRef(1)]);
    expect(isClaimOwnerUpToDate(owned, sts, pod(1))).toBe(false);
    expect(claimOwnerReferences(owned, sts, pod(1))).toEqual([otherOwner]);
  });

  it('moves a claim from the set to the pod when its ordinal is condemned, and back on scale-up', () => {
    const scaledDown = statefulSet('Delete', 'Delete', 1);
    expect(claimOwnerReferences(claim(2, [otherOwner, setRef]), scaledDown, pod(2))).toEqual([
      otherOwner,
      podRef(2),
    ]);
    const scaledUp = statefulSet('Delete', 'Delete', 3);
    expect(isClaimOwnerUpToDate(claim(2, [podRef(2)]), scaledUp, pod(2))).toBe(false);
    expect(claimOwnerReferences(claim(2, [podRef(2)]), scaledUp, pod(2))).toEqual([setRef]);
  });

  it('makes an owner reference of ours that is not the controller one', () => {
    const sts = statefulSet('Retain', 'Delete');
    const plain = claim(0, [{ ...setRef, controller: undefined, blockOwnerDeletion: undefined }]);
    expect(isClaimOwnerUpToDate(plain, sts, pod(0))).toBe(false);
    expect(claimOwnerReferences(plain, sts, pod(0))).toEqual([setRef]);
  });

  it('leaves a claim that an earlier set or pod of the same name still owns (a stale uid)', () => {
    const sts = statefulSet('Delete', 'Delete', 1);
    expect(isClaimOwnerUpToDate(claim(1, [podRef(1, 'old-pod-uid')]), sts, pod(1))).toBe(true);
    expect(isClaimOwnerUpToDate(claim(0, [{ ...setRef, uid: 'old-sts-uid' }]), sts, pod(0))).toBe(true);
  });

  it('adds nothing on top of another controller, and takes its own references off', () => {
    const sts = statefulSet('Delete', 'Delete', 1);
    expect(isClaimOwnerUpToDate(claim(0, [otherController]), sts, pod(0))).toBe(true);
    const both = claim(1, [otherController, podRef(1)]);
    expect(isClaimOwnerUpToDate(both, sts, pod(1))).toBe(false);
    expect(claimOwnerReferences(both, sts, pod(1))).toEqual([otherController]);
    // Under Retain/Retain another controller is no conflict.
    expect(isClaimOwnerUpToDate(claim(0, [otherController]), statefulSet(), pod(0))).toBe(true);
  });

  it('lists the cached claims of every pod that need new references, skipping missing and deleting ones', () => {
    const sts = statefulSet('Delete', 'Retain', 1);
    const deleting = { ...claim(2), metadata: { ...claim(2).metadata, deletionTimestamp: 'now' } };
    const claims = new Map([
      ['data-web-0', claim(0)],
      ['data-web-1', claim(1)],
      ['data-web-2', deleting],
    ]);
    const updates = claimOwnerUpdates(sts, [pod(0), pod(1), pod(2), pod(3)], claims);
    expect(updates.map((u) => [u.claim.metadata.name, u.pod.metadata.name, u.ownerReferences])).toEqual([
      ['data-web-1', 'web-1', [podRef(1)]],
    ]);
  });
});
