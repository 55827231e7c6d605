import { defaultStatefulSet } from '../defaulting';
import { formatFieldError } from '../errors';
import {
  validateControllerRevision,
  validateControllerRevisionUpdate,
} from './controllerrevision.validation';
import {
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
} from './persistentvolumeclaim.validation';
import { validatePod } from './pod.validation';
import { validateStatefulSet, validateStatefulSetUpdate } from './statefulset.validation';

type Spec = Record<string, unknown>;
const statefulSet = (spec: Spec = {}): { spec: Spec } => {
  const sts: { spec: Spec } = {
    spec: {
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'web', image: 'web:1', volumeMounts: [{ name: 'www', mountPath: '/data' }] }],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...spec,
    },
  };
  defaultStatefulSet(sts);
  return sts;
};
const text = (errs: ReturnType<typeof validateStatefulSet>) => errs.map(formatFieldError);

describe('StatefulSet defaulting', () => {
  it('defaults as Kubernetes: OrderedReady, RollingUpdate partition 0, Retain/Retain, 1 replica, 10 revisions', () => {
    const sts = statefulSet();
    expect(sts.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      revisionHistoryLimit: 10,
    });
    expect((sts.spec.volumeClaimTemplates as Spec[])[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      spec: { volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
  });

  it('gives an explicit RollingUpdate without rollingUpdate no partition, as Kubernetes', () => {
    expect(statefulSet({ updateStrategy: { type: 'RollingUpdate' } }).spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
    });
  });
});

describe(validateStatefulSet.name, () => {
  it('accepts a set whose mounts name its claim templates', () => {
    expect(text(validateStatefulSet(statefulSet()))).toEqual([]);
  });

  it('names the fields at fault', () => {
    const errs = text(
      validateStatefulSet(
        statefulSet({
          serviceName: undefined,
          replicas: -1,
          selector: { matchLabels: { app: 'other' } },
          podManagementPolicy: 'Sometimes',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Retain' },
          volumeClaimTemplates: [
            { metadata: { name: 'www' }, spec: { accessModes: [], resources: {} } },
            {
              metadata: { name: 'www' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
            {
              metadata: {},
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
          ],
        }),
      ),
    );
    expect(errs).toEqual(
      expect.arrayContaining([
        'spec.serviceName: Required value',
        'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
        'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
        "spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'",
        'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
        'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
        'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
        'spec.volumeClaimTemplates[0].spec.resources[storage]: Required value',
        'spec.volumeClaimTemplates[1].metadata.name: Duplicate value: "www"',
        'spec.volumeClaimTemplates[2].metadata.name: Required value: name or generateName is required',
      ]),
    );
  });

  it('refuses a mount of a volume the pod will not have, and a non-Always restart policy', () => {
    const errs = text(
      validateStatefulSet(
        statefulSet({
          volumeClaimTemplates: [],
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              restartPolicy: 'Never',
              containers: [
                { name: 'web', image: 'web:1', volumeMounts: [{ name: 'www', mountPath: '/data' }] },
              ],
            },
          },
        }),
      ),
    );
    expect(errs).toEqual([
      'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "www"',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('lets an update change only replicas, ordinals, template, updateStrategy, retention policy and minReadySeconds', () => {
    const old = statefulSet();
    const scaled = statefulSet({ replicas: 5, minReadySeconds: 3, ordinals: { start: 1 } });
    expect(validateStatefulSetUpdate(scaled, old)).toEqual([]);
    const renamed = statefulSet({ serviceName: 'other' });
    expect(text(validateStatefulSetUpdate(renamed, old))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    expect(validateStatefulSetUpdate(statefulSet({ volumeClaimTemplates: [] }), old)).toHaveLength(1);
    expect(validateStatefulSetUpdate(statefulSet({ podManagementPolicy: 'Parallel' }), old)).toHaveLength(1);
  });
});

describe('PersistentVolumeClaim validation', () => {
  const claim = (spec: Spec, status?: Spec) => ({ spec, ...(status ? { status } : {}) });
  const good = {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
    volumeMode: 'Filesystem',
  };

  it('wants access modes Kubernetes knows and a positive storage request', () => {
    expect(validatePersistentVolumeClaim(claim(good))).toEqual([]);
    expect(
      text(
        validatePersistentVolumeClaim(
          claim({ accessModes: ['WriteSometimes'], resources: { requests: { storage: '0' } } }),
        ),
      ),
    ).toEqual([
      'spec.accessModes: Unsupported value: "WriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ]);
  });

  it('keeps the spec immutable but for the volume name set once and a bound claim growing', () => {
    const old = claim(good);
    expect(validatePersistentVolumeClaimUpdate(claim({ ...good, volumeName: 'pvc-1' }), old)).toEqual([]);
    const bound = claim({ ...good, volumeName: 'pvc-1' }, { phase: 'Bound' });
    expect(validatePersistentVolumeClaimUpdate(claim({ ...good, volumeName: 'pvc-2' }), bound)).toHaveLength(
      1,
    );
    const grown = claim(
      { ...good, volumeName: 'pvc-1', resources: { requests: { storage: '2Gi' } } },
      { phase: 'Bound' },
    );
    expect(validatePersistentVolumeClaimUpdate(grown, bound)).toEqual([]);
    const shrunk = claim(
      { ...good, volumeName: 'pvc-1', resources: { requests: { storage: '512Mi' } } },
      { phase: 'Bound' },
    );
    expect(text(validatePersistentVolumeClaimUpdate(shrunk, bound))).toEqual([
      'spec.resources.requests.storage: Forbidden: field can not be less than previous value',
    ]);
  });
});

describe('pod volumes', () => {
  it('wants one source per uniquely named volume, and mounts of existing volumes at unique paths', () => {
    const errs = text(
      validatePod({
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              volumeMounts: [
                { name: 'data', mountPath: '/data' },
                { name: 'cache', mountPath: '/data' },
              ],
            },
          ],
          volumes: [
            { name: 'data', persistentVolumeClaim: {} },
            { name: 'data', emptyDir: {} },
            { name: 'both', emptyDir: {}, hostPath: { path: '/x' } },
            { name: 'none' },
          ],
        },
      }),
    );
    expect(errs).toEqual([
      'spec.volumes[0].persistentVolumeClaim.claimName: Required value',
      'spec.volumes[1].name: Duplicate value: "data"',
      'spec.volumes[2].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[3]: Required value: must specify a volume type',
      'spec.containers[0].volumeMounts[1].name: Not found: "cache"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    ]);
  });
});

describe('ControllerRevision validation', () => {
  it('wants data and a non-negative revision, and never lets the data change', () => {
    expect(text(validateControllerRevision({ revision: -1 }))).toEqual([
      'data: Required value: data is mandatory',
      'revision: Invalid value: -1: must be greater than or equal to 0',
    ]);
    const old = { data: { spec: {} }, revision: 1 };
    expect(validateControllerRevisionUpdate({ data: { spec: {} }, revision: 4 }, old)).toEqual([]);
    expect(text(validateControllerRevisionUpdate({ data: { spec: { x: 1 } }, revision: 1 }, old))).toEqual([
      'data: Invalid value: {"spec":{"x":1}}: field is immutable',
    ]);
  });
});
