import type { Pod, PodPhase } from '@orchestra/api';
import { podChangedForEndpoints } from './pod-changed';

const pod = (
  patch: {
    labels?: Record<string, string>;
    ip?: string;
    ready?: boolean;
    deleting?: boolean;
    phase?: PodPhase;
  } = {},
): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'default',
    labels: patch.labels ?? { app: 'web' },
    deletionTimestamp: patch.deleting ? '2026-01-01T00:00:00Z' : undefined,
  },
  spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'orchestra/web' }] },
  status: {
    phase: patch.phase ?? 'Running',
    podIP: patch.ip ?? '10.244.1.2',
    conditions: [{ type: 'Ready', status: patch.ready === false ? 'False' : 'True' }],
  },
});

describe(podChangedForEndpoints.name, () => {
  it('ignores updates that cannot change an Endpoints', () => {
    expect(podChangedForEndpoints(pod(), pod())).toBe(false);
    expect(podChangedForEndpoints(pod({ phase: 'Running' }), pod({ phase: 'Succeeded' }))).toBe(false);
  });

  it('sees labels, IP, readiness and the start of deletion', () => {
    expect(podChangedForEndpoints(pod(), pod({ labels: { app: 'api' } }))).toBe(true);
    expect(podChangedForEndpoints(pod(), pod({ labels: { app: 'web', tier: 'front' } }))).toBe(true);
    expect(podChangedForEndpoints(pod(), pod({ ip: '10.244.1.3' }))).toBe(true);
    expect(podChangedForEndpoints(pod(), pod({ ready: false }))).toBe(true);
    expect(podChangedForEndpoints(pod(), pod({ deleting: true }))).toBe(true);
  });
});
