import { ControllerRevision, PersistentVolumeClaim, StatefulSet } from '@orchestra/api';
import { persistentVolumeClaimPrinter } from './persistentvolumeclaim.printer';
import { controllerRevisionPrinter, statefulSetPrinter } from './statefulset.printer';

const now = new Date('2026-01-10T12:00:00Z');

describe('statefulSetPrinter', () => {
  it('prints the columns of kubectl get sts (1.32): ready of desired, and the wide containers and images', () => {
    const sts: StatefulSet = {
      metadata: { name: 'web', creationTimestamp: '2026-01-10T11:55:00Z' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'web:1' }] },
        },
      },
      status: { replicas: 3, readyReplicas: 2 },
    };
    expect(statefulSetPrinter.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Age', 0],
      ['Containers', 1],
      ['Images', 1],
    ]);
    expect(statefulSetPrinter.print(sts, now).cells).toEqual(['web', '2/3', '5m', 'web', 'web:1']);
    expect(statefulSetPrinter.print({ ...sts, status: undefined }, now).cells[1]).toBe('0/3');
  });
});

describe('controllerRevisionPrinter', () => {
  it('prints the controller as kind.group/name', () => {
    const revision: ControllerRevision = {
      metadata: {
        name: 'web-7b9c',
        creationTimestamp: '2026-01-10T11:00:00Z',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true },
        ],
      },
      revision: 2,
    };
    expect(controllerRevisionPrinter.print(revision, now).cells).toEqual([
      'web-7b9c',
      'statefulset.apps/web',
      2,
      '60m',
    ]);
  });
});

describe('persistentVolumeClaimPrinter', () => {
  const claim: PersistentVolumeClaim = {
    metadata: { name: 'www-web-0', creationTimestamp: '2026-01-10T11:59:00Z' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Pending' },
  };

  it('prints the columns of kubectl get pvc (1.32); capacity and access modes once bound', () => {
    expect(persistentVolumeClaimPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Status',
      'Volume',
      'Capacity',
      'Access Modes',
      'StorageClass',
      'VolumeAttributesClass',
      'Age',
      'VolumeMode',
    ]);
    expect(persistentVolumeClaimPrinter.print(claim, now).cells).toEqual([
      'www-web-0',
      'Pending',
      '',
      '',
      '',
      '',
      '<unset>',
      '60s',
      'Filesystem',
    ]);
    const bound: PersistentVolumeClaim = {
      ...claim,
      spec: { ...claim.spec, volumeName: 'pvc-1', storageClassName: 'standard' },
      status: {
        phase: 'Bound',
        accessModes: ['ReadOnlyMany', 'ReadWriteOnce'],
        capacity: { storage: '1Gi' },
      },
    };
    expect(persistentVolumeClaimPrinter.print(bound, now).cells.slice(0, 6)).toEqual([
      'www-web-0',
      'Bound',
      'pvc-1',
      '1Gi',
      'RWO,ROX',
      'standard',
    ]);
  });
});
