import { LimitRangeItem, Pod } from '@orchestra/api';
import { LIMIT_RANGER_ANNOTATION, podLimitErrors, setDefaultResources } from './limit-ranger.plugin';

const pod = (containers: object[], initContainers: object[] = []) =>
  ({ metadata: { name: 'x' }, spec: { containers, initContainers } }) as unknown as Pod;

describe('LimitRanger', () => {
  const container: LimitRangeItem = {
    type: 'Container',
    default: { cpu: '500m' },
    defaultRequest: { cpu: '100m', memory: '64Mi' },
    max: { cpu: '1' },
    min: { cpu: '50m' },
    maxLimitRequestRatio: { cpu: '4' },
  };

  it('fills what each container leaves out and says so in the annotation', () => {
    const p = pod(
      [{ name: 'web' }, { name: 'side', resources: { requests: { cpu: '200m' } } }],
      [{ name: 'init' }],
    );
    setDefaultResources(p, [container]);
    expect(p.spec.containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '64Mi' },
      limits: { cpu: '500m' },
    });
    expect(p.spec.containers[1].resources).toEqual({
      requests: { cpu: '200m', memory: '64Mi' },
      limits: { cpu: '500m' },
    });
    expect(p.metadata.annotations?.[LIMIT_RANGER_ANNOTATION]).toBe(
      'LimitRanger plugin set: cpu, memory request for container web; cpu limit for container web; ' +
        'memory request for container side; cpu limit for container side; ' +
        'cpu, memory request for init container init; cpu limit for init container init',
    );
  });

  it("reports min, max and ratio violations in Kubernetes' words", () => {
    const over = pod([{ name: 'web', resources: { requests: { cpu: '2' }, limits: { cpu: '2' } } }]);
    expect(podLimitErrors(over, container)).toEqual(['maximum cpu usage per Container is 1, but limit is 2']);
    const under = pod([{ name: 'web', resources: { requests: { cpu: '10m' }, limits: { cpu: '10m' } } }]);
    expect(podLimitErrors(under, container)).toEqual([
      'minimum cpu usage per Container is 50m, but request is 10m',
    ]);
    const none = pod([{ name: 'web' }]);
    expect(podLimitErrors(none, container)).toEqual([
      'minimum cpu usage per Container is 50m.  No request is specified',
      'maximum cpu usage per Container is 1.  No limit is specified',
      'cpu max limit to request ratio per Container is 4, but no request is specified or request is 0',
    ]);
    const ratio = pod([{ name: 'web', resources: { requests: { cpu: '100m' }, limits: { cpu: '1' } } }]);
    expect(podLimitErrors(ratio, container)).toEqual([
      'cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000',
    ]);
  });

  it('checks min, then max, then the ratio, each by resource name', () => {
    const item: LimitRangeItem = {
      type: 'Container',
      min: { memory: '64Mi', cpu: '100m' },
      max: { memory: '1Gi', cpu: '1' },
      maxLimitRequestRatio: { memory: '2', cpu: '2' },
    };
    const p = pod([
      {
        name: 'web',
        resources: { requests: { cpu: '200m', memory: '32Mi' }, limits: { cpu: '2', memory: '2Gi' } },
      },
    ]);
    expect(podLimitErrors(p, item)).toEqual([
      'minimum memory usage per Container is 64Mi, but request is 32Mi',
      'maximum cpu usage per Container is 1, but limit is 2',
      'maximum memory usage per Container is 1Gi, but limit is 2Gi',
      'cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000',
      'memory max limit to request ratio per Container is 2, but provided ratio is 64.000000',
    ]);
    const lowLimit = pod([{ name: 'web', resources: { requests: { cpu: '100m' }, limits: { cpu: '50m' } } }]);
    const highRequest = pod([{ name: 'web', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }]);
    const noLimit = pod([{ name: 'web', resources: { requests: { cpu: '100m' } } }]);
    const cpu: LimitRangeItem = { type: 'Container', min: { cpu: '100m' }, max: { cpu: '1' } };
    const ratio: LimitRangeItem = { type: 'Container', maxLimitRequestRatio: { cpu: '2' } };
    expect([lowLimit, highRequest].flatMap((x) => podLimitErrors(x, cpu))).toEqual([
      'minimum cpu usage per Container is 100m, but limit is 50m',
      'maximum cpu usage per Container is 1, but request is 2',
    ]);
    expect(podLimitErrors(noLimit, ratio)).toEqual([
      'cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0',
    ]);
  });

  it('sums containers for a Pod item', () => {
    const item: LimitRangeItem = { type: 'Pod', max: { memory: '1Gi' } };
    const p = pod([
      { name: 'a', resources: { limits: { memory: '768Mi' } } },
      { name: 'b', resources: { limits: { memory: '512Mi' } } },
    ]);
    expect(podLimitErrors(p, item)).toEqual(['maximum memory usage per Pod is 1Gi, but limit is 1280Mi']);
  });
});
