import {
  ConfigMap,
  Deployment,
  Endpoints,
  KubeObject,
  Lease,
  Namespace,
  ReplicaSet,
  ResourceCatalog,
} from '@orchestra/api';
import { toTable } from './to-table';

const catalog = new ResourceCatalog();
const def = (apiVersion: string, kind: string) => catalog.findByKind(apiVersion, kind)!;
const now = new Date('2026-01-10T12:00:00Z');
const created = '2026-01-10T11:00:00Z';

const deployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, creationTimestamp: created },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1.27' },
          { name: 'log', image: 'busybox:1.36' },
        ],
      },
    },
  },
  status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
};

describe('toTable', () => {
  it('builds a meta.k8s.io/v1 Table with PartialObjectMetadata rows by default', () => {
    const table = toTable([deployment as unknown as KubeObject], def('apps/v1', 'Deployment'), {
      now,
      listMeta: { resourceVersion: '42', continue: 'abc' },
    });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '42', continue: 'abc' });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(table.rows[0]).toEqual({
      cells: ['web', '2/3', 3, 2, '60m', 'nginx,log', 'nginx:1.27,busybox:1.36', 'app=web'],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: deployment.metadata },
    });
  });

  it('embeds the full object with includeObject=Object and nothing with None', () => {
    const rs: ReplicaSet = {
      metadata: { name: 'web-5d8f', creationTimestamp: created },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      },
      status: { replicas: 2, readyReplicas: 1 },
    };
    const rsDef = def('apps/v1', 'ReplicaSet');
    const full = toTable([rs as unknown as KubeObject], rsDef, { now, includeObject: 'Object' });
    expect(full.rows[0]!.cells).toEqual(['web-5d8f', 2, 2, 1, '60m', 'nginx', 'nginx', 'app=web']);
    expect(full.rows[0]!.object).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      spec: { replicas: 2 },
    });
    expect(
      toTable([rs as unknown as KubeObject], rsDef, { now, includeObject: 'None' }).rows[0],
    ).not.toHaveProperty('object');
  });

  it('matches the row objects to a v1beta1 Table', () => {
    const ns: Namespace = {
      metadata: { name: 'shop', creationTimestamp: created },
      status: { phase: 'Active' },
    };
    const table = toTable([ns as KubeObject], def('v1', 'Namespace'), {
      now,
      apiVersion: 'meta.k8s.io/v1beta1',
    });
    expect(table.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(table.rows[0]).toMatchObject({
      cells: ['shop', 'Active', '60m'],
      object: { apiVersion: 'meta.k8s.io/v1beta1' },
    });
  });

  it('prints configmaps, endpoints and leases with their own columns', () => {
    const cm: ConfigMap = {
      metadata: { name: 'cfg', creationTimestamp: created },
      data: { a: '1', b: '2' },
      binaryData: { c: 'AA==' },
    };
    expect(toTable([cm as KubeObject], def('v1', 'ConfigMap'), { now }).rows[0]!.cells).toEqual([
      'cfg',
      3,
      '60m',
    ]);
    const ep: Endpoints = {
      metadata: { name: 'web', creationTimestamp: created },
      subsets: [
        {
          addresses: [{ ip: '10.244.1.2' }, { ip: '10.244.2.3' }, { ip: '10.244.3.4' }],
          ports: [{ port: 8080 }, { port: 9090, name: 'metrics' }],
        },
      ],
    };
    expect(toTable([ep as KubeObject], def('v1', 'Endpoints'), { now }).rows[0]!.cells[1]).toBe(
      '10.244.1.2:8080,10.244.2.3:8080,10.244.3.4:8080 + 3 more...',
    );
    expect(toTable([{ metadata: { name: 'none' } }], def('v1', 'Endpoints'), { now }).rows[0]!.cells[1]).toBe(
      '<none>',
    );
    const lease: Lease = {
      metadata: { name: 'kube-scheduler', creationTimestamp: created },
      spec: { holderIdentity: 'scheduler-1_ab12' },
    };
    expect(
      toTable([lease as KubeObject], def('coordination.k8s.io/v1', 'Lease'), { now }).rows[0]!.cells,
    ).toEqual(['kube-scheduler', 'scheduler-1_ab12', '60m']);
  });

  it('falls back to NAME and AGE for kinds without a printer', () => {
    const chaos = {
      ...def('coordination.k8s.io/v1', 'Lease'),
      group: 'chaos.orchestra.dev',
      kind: 'Experiment',
    };
    const table = toTable([{ metadata: { name: 'kill-pods' } }], chaos, { now });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(table.rows[0]!.cells).toEqual(['kill-pods', '<unknown>']);
  });
});
