import { isHealthProbe, isLongRunning, requestKindOf } from './request-kind';

const url = (path: string) => new URL(path, 'http://apiserver');

describe('request kinds', () => {
  it('splits read-only (GET, HEAD) from mutating requests', () => {
    expect(['GET', 'HEAD'].map(requestKindOf)).toEqual(['readOnly', 'readOnly']);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(requestKindOf)).toEqual([
      'mutating',
      'mutating',
      'mutating',
      'mutating',
    ]);
  });

  it('knows the health probes and their checks, nothing else', () => {
    expect(['/healthz', '/livez', '/readyz', '/readyz/etcd', '/livez/ping'].every(isHealthProbe)).toBe(true);
    expect(['/metrics', '/healthzz', '/api/v1/healthz', '/readyz/a/b'].some(isHealthProbe)).toBe(false);
  });

  it('treats watches and followed logs as long-running, plain reads and logs not', () => {
    expect(isLongRunning('GET', url('/api/v1/namespaces/a/pods?watch=true'))).toBe(true);
    expect(isLongRunning('GET', url('/api/v1/watch/namespaces/a/pods'))).toBe(true);
    expect(isLongRunning('GET', url('/apis/apps/v1/deployments?watch=1&resourceVersion=5'))).toBe(true);
    expect(isLongRunning('GET', url('/api/v1/namespaces/a/pods/p/log?follow=true'))).toBe(true);
    expect(isLongRunning('GET', url('/api/v1/namespaces/a/pods/p/log'))).toBe(false);
    expect(isLongRunning('GET', url('/api/v1/namespaces/a/pods/p/log?follow=false'))).toBe(false);
    expect(isLongRunning('GET', url('/api/v1/namespaces/a/pods'))).toBe(false);
    expect(isLongRunning('POST', url('/chaos/v1/pod-kill'))).toBe(false);
  });
});
