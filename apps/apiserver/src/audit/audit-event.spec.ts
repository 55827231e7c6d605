import type { IncomingMessage } from 'node:http';
import { completeObjectRef, describeRequest, microTime, sourceIPsOf } from './audit-event';
import { auditLevelFor, isChaosRequest } from './audit-policy';

const url = (path: string) => new URL(path, 'http://apiserver');

describe(describeRequest.name, () => {
  it('gives resource requests Kubernetes’ verb and objectRef (core group left out)', () => {
    expect(describeRequest('GET', url('/api/v1/namespaces/a/pods/web'))).toEqual({
      verb: 'get',
      objectRef: { resource: 'pods', namespace: 'a', name: 'web', apiVersion: 'v1' },
    });
    expect(describeRequest('GET', url('/apis/apps/v1/deployments?watch=true')).verb).toBe('watch');
    expect(describeRequest('GET', url('/api/v1/pods')).verb).toBe('list');
    expect(describeRequest('DELETE', url('/api/v1/namespaces/a/pods')).verb).toBe('deletecollection');
    expect(describeRequest('PATCH', url('/apis/apps/v1/namespaces/a/deployments/web/scale'))).toEqual({
      verb: 'patch',
      objectRef: {
        resource: 'deployments',
        namespace: 'a',
        name: 'web',
        apiGroup: 'apps',
        apiVersion: 'v1',
        subresource: 'scale',
      },
    });
  });

  it('makes POST /chaos/v1/<action> the ChaosExperiment create it is, other paths non-resource', () => {
    expect(describeRequest('POST', url('/chaos/v1/pod-kill?namespace=demo&mode=one'))).toEqual({
      verb: 'create',
      objectRef: {
        resource: 'chaosexperiments',
        namespace: 'demo',
        apiGroup: 'chaos.orchestra.dev',
        apiVersion: 'v1alpha1',
      },
    });
    expect(describeRequest('GET', url('/chaos/v1'))).toEqual({ verb: 'get' });
    expect(describeRequest('GET', url('/version'))).toEqual({ verb: 'get' });
    expect(describeRequest('GET', url('/apis'))).toEqual({ verb: 'get' });
    expect(describeRequest('OPTIONS', url('/api/v1/pods'))).toEqual({ verb: 'options' });
  });
});

describe(completeObjectRef.name, () => {
  it('fills what the path did not say from the object, never overwriting', () => {
    const ref = { resource: 'pods', namespace: 'a' };
    completeObjectRef(ref, { metadata: { name: 'web', namespace: 'b', uid: 'u1', resourceVersion: '7' } });
    expect(ref).toEqual({ resource: 'pods', namespace: 'a', name: 'web', uid: 'u1', resourceVersion: '7' });
    completeObjectRef(ref, undefined);
    completeObjectRef(ref, { kind: 'DeleteOptions' });
    expect(ref.namespace).toBe('a');
  });
});

describe(sourceIPsOf.name, () => {
  it('lists X-Forwarded-For, X-Real-Ip, then the peer, without repeats or the IPv4-mapped prefix', () => {
    const req = {
      headers: { 'x-forwarded-for': '10.0.0.1, 10.0.0.2', 'x-real-ip': '10.0.0.2' },
      socket: { remoteAddress: '::ffff:127.0.0.1' },
    } as unknown as IncomingMessage;
    expect(sourceIPsOf(req)).toEqual(['10.0.0.1', '10.0.0.2', '127.0.0.1']);
    expect(sourceIPsOf({ headers: {}, socket: { remoteAddress: '::1' } } as never)).toEqual(['::1']);
  });
});

describe(microTime.name, () => {
  it('writes RFC 3339 with microseconds in UTC', () => {
    const ms = Date.parse('2026-11-24T13:24:45.123Z') + 0.456;
    expect(microTime(ms)).toBe('2026-11-24T13:24:45.123456Z');
    expect(microTime(Date.parse('2026-11-24T13:24:45.000Z'))).toBe('2026-11-24T13:24:45.000000Z');
  });
});

describe(auditLevelFor.name, () => {
  it('leaves out the probes and /metrics, records chaos in full, everything else at AUDIT_LEVEL', () => {
    for (const path of ['/healthz', '/livez', '/readyz', '/readyz/etcd', '/metrics'])
      expect([path, auditLevelFor(path, 'Request')]).toEqual([path, 'None']);
    for (const path of [
      '/chaos/v1',
      '/chaos/v1/pod-kill',
      '/apis/chaos.orchestra.dev/v1alpha1/chaosexperiments',
      '/apis/chaos.orchestra.dev/v1alpha1/namespaces/demo/chaosexperiments/run-1/status',
      '/apis/chaos.orchestra.dev/v1alpha1/watch/namespaces/demo/chaosexperiments',
    ])
      expect([path, auditLevelFor(path, 'None')]).toEqual([path, 'RequestResponse']);
    expect(auditLevelFor('/api/v1/pods', 'Metadata')).toBe('Metadata');
    expect(isChaosRequest('/chaos/v10')).toBe(false);
    expect(isChaosRequest('/apis/chaos.orchestra.dev/v1alpha1/namespaces/chaosexperiments')).toBe(false);
  });
});

describe('audit policy for credentials', () => {
  it('records Secrets, TokenReviews and TokenRequests at Metadata at most, whatever AUDIT_LEVEL says', () => {
    for (const path of [
      '/api/v1/namespaces/a/secrets',
      '/api/v1/namespaces/a/secrets/db',
      '/api/v1/secrets',
      '/api/v1/watch/namespaces/a/secrets',
      '/api/v1/namespaces/a/serviceaccounts/default/token',
      '/apis/authentication.k8s.io/v1/tokenreviews',
    ]) {
      expect([path, auditLevelFor(path, 'RequestResponse')]).toEqual([path, 'Metadata']);
      expect([path, auditLevelFor(path, 'Request')]).toEqual([path, 'Metadata']);
      expect([path, auditLevelFor(path, 'None')]).toEqual([path, 'None']);
    }
    // Not credentials: a ConfigMap, a ServiceAccount itself, a secret-like pod name.
    expect(auditLevelFor('/api/v1/namespaces/a/configmaps/secrets', 'Request')).toBe('Request');
    expect(auditLevelFor('/api/v1/namespaces/a/serviceaccounts/default', 'Request')).toBe('Request');
    expect(auditLevelFor('/api/v1/namespaces/secrets/pods', 'RequestResponse')).toBe('RequestResponse');
  });
});
