import { ApiError, Pod } from '@orchestra/api';
import { PodControl, PodWriter } from './pod-control';
import { EventSink, EventTarget } from './workload-api.port';

const owner: EventTarget = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' } };
const pod = (name: string): Pod =>
  ({ metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { containers: [] } }) as Pod;

function setup(api: Partial<PodWriter>) {
  const events: string[] = [];
  const sink: EventSink = {
    normal: (o, reason, message) => events.push(`Normal ${o.metadata.name} ${reason} ${message}`),
    warning: (o, reason, message) => events.push(`Warning ${o.metadata.name} ${reason} ${message}`),
  };
  const writer: PodWriter = {
    createPod: async (_ns, p) => ({ ...p, metadata: { ...p.metadata, name: 'web-abcde' } }),
    deletePod: async () => undefined,
    ...api,
  };
  return { control: new PodControl(writer, sink), events };
}

describe(PodControl.name, () => {
  it('records SuccessfulCreate with the name the apiserver gave the pod', async () => {
    const { control, events } = setup({});
    const created = await control.createPod(owner, 'default', pod(''));
    expect(created.metadata.name).toBe('web-abcde');
    expect(events).toEqual(['Normal web SuccessfulCreate Created pod: web-abcde']);
  });

  it('records FailedCreate and rejects with the apiserver error', async () => {
    const quota = new ApiError(403, 'Forbidden', 'exceeded quota');
    const { control, events } = setup({ createPod: () => Promise.reject(quota) });
    await expect(control.createPod(owner, 'default', pod(''))).rejects.toBe(quota);
    expect(events).toEqual(['Warning web FailedCreate Error creating: exceeded quota']);
  });

  it('deletes with the pod UID as precondition and records SuccessfulDelete', async () => {
    const calls: string[] = [];
    const { control, events } = setup({
      deletePod: async (ns, name, uid) => void calls.push(`${ns}/${name} ${uid}`),
    });
    await control.deletePod(owner, pod('web-1'));
    expect(calls).toEqual(['default/web-1 uid-web-1']);
    expect(events).toEqual(['Normal web SuccessfulDelete Deleted pod: web-1']);
  });

  it('rejects a pod already gone with NotFound and no Event; other failures record FailedDelete', async () => {
    const gone = new ApiError(404, 'NotFound', 'pods "web-1" not found');
    const { control, events } = setup({ deletePod: () => Promise.reject(gone) });
    await expect(control.deletePod(owner, pod('web-1'))).rejects.toBe(gone);
    expect(events).toEqual([]);
    const down = new ApiError(503, 'ServiceUnavailable', 'etcd is down');
    const failing = setup({ deletePod: () => Promise.reject(down) });
    await expect(failing.control.deletePod(owner, pod('web-1'))).rejects.toBe(down);
    expect(failing.events).toEqual(['Warning web FailedDelete Error deleting: etcd is down']);
  });
});
