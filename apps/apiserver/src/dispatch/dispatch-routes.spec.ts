import { KubeObject } from '@orchestra/api';
import { podsOfNamespaceKey } from '@orchestra/queues';
import { DispatchChange, dispatchRoutes, retryUnschedulableKey } from './dispatch-routes';

const rsOwner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true };
const dsOwner = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u3', controller: true };
const stsOwner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u4', controller: true };
const deployOwner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u2', controller: true };

function obj(
  name: string,
  extra: { ns?: string; meta?: Partial<KubeObject['metadata']>; spec?: object } = {},
) {
  const namespace = 'ns' in extra ? extra.ns : 'default';
  return { metadata: { name, namespace, ...extra.meta }, spec: extra.spec ?? {} } as KubeObject;
}
const deleting = { deletionTimestamp: '2025-01-01T00:00:00Z' };

/** A bound, running pod of `app=web` with an IP; `ready` sets its Ready condition. */
function runningPod(name: string, o: { ready?: boolean; labels?: Record<string, string>; ip?: string } = {}) {
  return {
    ...obj(name, { meta: { labels: o.labels ?? { app: 'web' } }, spec: { nodeName: 'node-1' } }),
    status: {
      phase: 'Running',
      podIP: o.ip ?? '10.244.0.5',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  } as KubeObject;
}
const endpointsOfDefault: [string, string] = ['endpoints', podsOfNamespaceKey('default')];
const withResourceVersion = (o: KubeObject, resourceVersion: string) =>
  ({ ...o, metadata: { ...o.metadata, resourceVersion } }) as KubeObject;

const cases: [string, DispatchChange, [string, string][]][] = [
  ['unbound pod added', { type: 'ADDED', resource: 'pods', object: obj('p') }, [['scheduler', 'default/p']]],
  [
    'pod bound to node-1',
    {
      type: 'MODIFIED',
      resource: 'pods',
      object: obj('p', { spec: { nodeName: 'node-1' } }),
      previous: obj('p'),
    },
    [['kubelet-node-1', 'default/p']],
  ],
  [
    'unbound pod being deleted: not scheduled',
    { type: 'MODIFIED', resource: 'pods', object: obj('p', { meta: deleting }) },
    [],
  ],
  [
    'bound pod deleted: its kubelet, and the scheduler retries unschedulable pods',
    { type: 'DELETED', resource: 'pods', object: obj('p', { spec: { nodeName: 'node-2' } }) },
    [
      ['kubelet-node-2', 'default/p'],
      ['scheduler', retryUnschedulableKey],
    ],
  ],
  [
    'pod owned by a ReplicaSet',
    { type: 'ADDED', resource: 'pods', object: obj('p', { meta: { ownerReferences: [rsOwner] } }) },
    [
      ['scheduler', 'default/p'],
      ['replicaset', 'default/web-abc'],
      ['garbage-collector', 'pods/default/p'],
    ],
  ],
  [
    'ReplicaSet owned by a Deployment',
    {
      type: 'MODIFIED',
      resource: 'replicasets',
      object: obj('web-abc', { meta: { ownerReferences: [deployOwner] } }),
    },
    [
      ['replicaset', 'default/web-abc'],
      ['deployment', 'default/web'],
      ['garbage-collector', 'replicasets/default/web-abc'],
    ],
  ],
  [
    'pod owned by a DaemonSet',
    { type: 'ADDED', resource: 'pods', object: obj('p', { meta: { ownerReferences: [dsOwner] } }) },
    [
      ['scheduler', 'default/p'],
      ['daemonset', 'default/agent'],
      ['garbage-collector', 'pods/default/p'],
    ],
  ],
  [
    'pod owned by a StatefulSet',
    { type: 'ADDED', resource: 'pods', object: obj('web-0', { meta: { ownerReferences: [stsOwner] } }) },
    [
      ['scheduler', 'default/web-0'],
      ['statefulset', 'default/web'],
      ['garbage-collector', 'pods/default/web-0'],
    ],
  ],
  [
    'StatefulSet',
    { type: 'ADDED', resource: 'statefulsets', object: obj('web') },
    [
      ['statefulset', 'default/web'],
      ['garbage-collector', 'statefulsets/default/web'],
    ],
  ],
  [
    'ControllerRevision of a StatefulSet: the garbage collector',
    {
      type: 'ADDED',
      resource: 'controllerrevisions',
      object: obj('web-7b9c', { meta: { ownerReferences: [stsOwner] } }),
    },
    [['garbage-collector', 'controllerrevisions/default/web-7b9c']],
  ],
  [
    'PersistentVolumeClaim: the binder, until it is deleted',
    { type: 'ADDED', resource: 'persistentvolumeclaims', object: obj('www-web-0') },
    [['persistentvolume-binder', 'default/www-web-0']],
  ],
  [
    'DaemonSet',
    { type: 'ADDED', resource: 'daemonsets', object: obj('agent') },
    [
      ['daemonset', 'default/agent'],
      ['garbage-collector', 'daemonsets/default/agent'],
    ],
  ],
  [
    'HorizontalPodAutoscaler',
    { type: 'MODIFIED', resource: 'horizontalpodautoscalers', object: obj('web') },
    [['horizontalpodautoscaler', 'default/web']],
  ],
  [
    'Deployment',
    { type: 'ADDED', resource: 'deployments', object: obj('web') },
    [
      ['deployment', 'default/web'],
      ['garbage-collector', 'deployments/default/web'],
    ],
  ],
  [
    'Namespace',
    { type: 'MODIFIED', resource: 'namespaces', object: obj('team-a', { ns: undefined }) },
    [['namespace', 'team-a']],
  ],
  [
    'Node added',
    { type: 'ADDED', resource: 'nodes', object: obj('node-1', { ns: undefined }) },
    [['scheduler', retryUnschedulableKey]],
  ],
  ['Node deleted', { type: 'DELETED', resource: 'nodes', object: obj('node-1', { ns: undefined }) }, []],
  [
    'any object deleted in the foreground',
    {
      type: 'MODIFIED',
      resource: 'configmaps',
      object: obj('cfg', { meta: { ...deleting, finalizers: ['foregroundDeletion'] } }),
    },
    [['garbage-collector', 'configmaps/default/cfg']],
  ],
  [
    'custom resource orphaning its dependents',
    {
      type: 'MODIFIED',
      resource: 'example.com/widgets',
      object: obj('w', { meta: { ...deleting, finalizers: ['orphan'] } }),
    },
    [['garbage-collector', 'widgets/default/w']],
  ],
  ['Service', { type: 'ADDED', resource: 'services', object: obj('web') }, [['endpoints', 'default/web']]],
  [
    'Service deleted: its Endpoints go',
    { type: 'DELETED', resource: 'services', object: obj('web') },
    [['endpoints', 'default/web']],
  ],
  [
    'Endpoints deleted: recreated if their Service lives',
    { type: 'DELETED', resource: 'endpoints', object: obj('web') },
    [['endpoints', 'default/web']],
  ],
  [
    'Endpoints written (by the controller itself): nothing',
    { type: 'MODIFIED', resource: 'endpoints', object: obj('web') },
    [],
  ],
  [
    'pod gets its IP: the Services of its namespace',
    {
      type: 'MODIFIED',
      resource: 'pods',
      object: runningPod('p', { ready: false }),
      previous: obj('p', { spec: { nodeName: 'node-1' } }),
    },
    [['kubelet-node-1', 'default/p'], endpointsOfDefault],
  ],
  [
    'pod becomes not ready',
    {
      type: 'MODIFIED',
      resource: 'pods',
      object: runningPod('p', { ready: false }),
      previous: runningPod('p'),
    },
    [['kubelet-node-1', 'default/p'], endpointsOfDefault],
  ],
  [
    'pod relabelled (leaves one Service, may join another)',
    {
      type: 'MODIFIED',
      resource: 'pods',
      object: runningPod('p', { labels: { app: 'api' } }),
      previous: runningPod('p'),
    },
    [['kubelet-node-1', 'default/p'], endpointsOfDefault],
  ],
  [
    'pod starts terminating',
    {
      type: 'MODIFIED',
      resource: 'pods',
      object: { ...runningPod('p'), metadata: { ...runningPod('p').metadata, ...deleting } } as KubeObject,
      previous: runningPod('p'),
    },
    [['kubelet-node-1', 'default/p'], endpointsOfDefault],
  ],
  [
    'pod status written with nothing Endpoints show changed: not for Endpoints',
    {
      type: 'MODIFIED',
      resource: 'pods',
      object: withResourceVersion(runningPod('p'), '9'),
      previous: withResourceVersion(runningPod('p'), '8'),
    },
    [['kubelet-node-1', 'default/p']],
  ],
  [
    'running pod deleted',
    { type: 'DELETED', resource: 'pods', object: runningPod('p') },
    [['kubelet-node-1', 'default/p'], ['scheduler', retryUnschedulableKey], endpointsOfDefault],
  ],
  ['anything else', { type: 'ADDED', resource: 'configmaps', object: obj('cfg') }, []],
  ['an event', { type: 'ADDED', resource: 'events', object: obj('p.1') }, []],
];

describe(dispatchRoutes.name, () => {
  it.each(cases)('%s', (_name, change, expected) => {
    expect(dispatchRoutes(change).map((job) => [job.queue, job.key])).toEqual(expected);
  });
});
