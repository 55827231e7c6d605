import { builtinResources, ResourceDefinition } from '../resources';
import type { KubeObject, Pod } from '../types';
import { podMatchesScopes } from './quota-scopes';
import {
  computeQuotaUsage,
  inQuotaScopes,
  countResourceName,
  isTerminalForQuota,
  missingContainerResources,
  quotaResourceMatches,
  usageOf,
} from './quota-usage';
import { prettyPrint, toResourceList } from './resource-list';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const now = new Date('2026-01-01T00:00:00Z');
const pod = (containers: object[], extra: object = {}) =>
  ({ metadata: { name: 'p', namespace: 'a' }, spec: { containers }, ...extra }) as unknown as Pod;

describe('quota usage', () => {
  it('names object counts as Kubernetes does', () => {
    expect(countResourceName(def('Deployment'))).toBe('count/deployments.apps');
    expect(countResourceName(def('Pod'))).toBe('count/pods');
    expect(quotaResourceMatches(def('ConfigMap'), 'configmaps')).toBe(true);
    expect(quotaResourceMatches(def('Pod'), 'requests.cpu')).toBe(true);
    expect(quotaResourceMatches(def('Pod'), 'cpu')).toBe(true);
    expect(quotaResourceMatches(def('ConfigMap'), 'requests.cpu')).toBe(false);
    expect(quotaResourceMatches(def('Deployment'), 'count/replicasets.apps')).toBe(false);
  });

  it("sums a pod's containers, takes the largest init container, and counts requests as cpu too", () => {
    const p = {
      metadata: { name: 'p', namespace: 'a' },
      spec: {
        containers: [
          { name: 'a', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m' } } },
          { name: 'b', resources: { requests: { cpu: '250m' } } },
        ],
        initContainers: [{ name: 'init', resources: { requests: { cpu: '2' } } }],
      },
    };
    expect(toResourceList(usageOf(def('Pod'), p as unknown as KubeObject, now))).toEqual({
      'count/pods': '1',
      cpu: '2',
      'limits.cpu': '500m',
      memory: '64Mi',
      pods: '1',
      'requests.cpu': '2',
      'requests.memory': '64Mi',
    });
  });

  it('charges nothing for finished pods or pods deleted past their grace period', () => {
    expect(isTerminalForQuota(pod([], { status: { phase: 'Succeeded' } }), now)).toBe(true);
    const deleting = (grace: number) =>
      pod([], { metadata: { deletionTimestamp: '2025-12-31T23:59:50Z', deletionGracePeriodSeconds: grace } });
    expect(isTerminalForQuota(deleting(30), now)).toBe(false);
    expect(isTerminalForQuota(deleting(5), now)).toBe(true);
    expect(
      usageOf(def('Pod'), pod([], { status: { phase: 'Failed' } }) as unknown as KubeObject, now).size,
    ).toBe(0);
  });

  it('counts NodePort and LoadBalancer Services', () => {
    const svc = {
      metadata: { name: 's' },
      spec: { type: 'LoadBalancer', ports: [{ port: 80 }, { port: 443 }] },
    };
    expect(toResourceList(usageOf(def('Service'), svc as unknown as KubeObject, now))).toEqual({
      'count/services': '1',
      services: '1',
      'services.loadbalancers': '1',
      'services.nodeports': '2',
    });
  });

  it("lists the containers that leave out what a quota covers, in the pod evaluator's words", () => {
    const p = pod([{ name: 'web', resources: { requests: { cpu: '1' } } }, { name: 'sidecar' }]);
    expect(missingContainerResources(p, ['pods', 'requests.cpu', 'limits.memory'])).toBe(
      'limits.memory for: sidecar,web; requests.cpu for: sidecar',
    );
    expect(missingContainerResources(p, ['pods'])).toBeUndefined();
  });

  it('recounts a namespace from its objects', async () => {
    const objects: Record<string, KubeObject[]> = {
      pods: [pod([{ name: 'a', resources: { requests: { cpu: '100m' } } }]) as unknown as KubeObject],
      configmaps: [{ metadata: { name: 'c' } } as KubeObject, { metadata: { name: 'd' } } as KubeObject],
    };
    const used = await computeQuotaUsage(
      ['pods', 'requests.cpu', 'configmaps', 'count/deployments.apps'],
      builtinResources.filter((d) => d.namespaced),
      async (d) => objects[d.plural] ?? [],
      now,
    );
    expect(prettyPrint(used)).toBe('configmaps=2,count/deployments.apps=0,pods=1,requests.cpu=100m');
  });

  it('scoped quotas count only the pods in their scopes, and only pod resources', () => {
    const bestEffort = pod([{ name: 'a' }]);
    const burstable = pod([{ name: 'a', resources: { requests: { cpu: '1' } } }]);
    const deadline = { ...burstable, spec: { ...burstable.spec, activeDeadlineSeconds: 60 } } as Pod;
    expect(podMatchesScopes(bestEffort, ['BestEffort'])).toBe(true);
    expect(podMatchesScopes(burstable, ['BestEffort'])).toBe(false);
    expect(podMatchesScopes(deadline, ['Terminating', 'NotBestEffort'])).toBe(true);
    expect(podMatchesScopes(burstable, ['Terminating'])).toBe(false);
    expect(quotaResourceMatches(def('Pod'), 'requests.cpu', ['BestEffort'])).toBe(false);
    expect(quotaResourceMatches(def('Pod'), 'pods', ['BestEffort'])).toBe(true);
    expect(quotaResourceMatches(def('ConfigMap'), 'configmaps', ['NotTerminating'])).toBe(false);
    expect(inQuotaScopes(def('ConfigMap'), { metadata: {} } as KubeObject, ['NotTerminating'])).toBe(false);
  });
});
