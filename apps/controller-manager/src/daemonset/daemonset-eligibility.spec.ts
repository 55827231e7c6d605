import { DaemonSet, Node, Taint } from '@orchestra/api';
import { nodeShouldRunDaemonPod, withDaemonPodTolerations } from './daemonset-eligibility';

const node = (name: string, labels: Record<string, string> = {}, taints: Taint[] = []): Node =>
  ({ metadata: { name, labels }, spec: { taints } }) as Node;

function daemonSet(spec: Partial<DaemonSet['spec']['template']['spec']> = {}): DaemonSet {
  return {
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'a', image: 'x' }], ...spec },
      },
    },
  };
}

describe(nodeShouldRunDaemonPod.name, () => {
  it('runs on every untainted node without a selector', () => {
    expect(nodeShouldRunDaemonPod(node('n1'), daemonSet())).toEqual({
      shouldRun: true,
      shouldContinueRunning: true,
    });
  });

  it('follows the nodeSelector', () => {
    const ds = daemonSet({ nodeSelector: { disk: 'ssd' } });
    expect(nodeShouldRunDaemonPod(node('n1', { disk: 'ssd' }), ds).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(node('n2', { disk: 'hdd' }), ds)).toEqual({
      shouldRun: false,
      shouldContinueRunning: false,
    });
  });

  it('follows required node affinity, matchFields on metadata.name included', () => {
    const ds = daemonSet({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n3'] }] },
            ],
          },
        },
      },
    });
    expect(nodeShouldRunDaemonPod(node('n1', { zone: 'a' }), ds).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(node('n2', { zone: 'b' }), ds).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(node('n3', { zone: 'b' }), ds).shouldRun).toBe(true);
  });

  it('skips a node with an untolerated NoSchedule taint but lets a pod already there stay', () => {
    const tainted = node('n1', {}, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect(nodeShouldRunDaemonPod(tainted, daemonSet())).toEqual({
      shouldRun: false,
      shouldContinueRunning: true,
    });
    const tolerating = daemonSet({
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
    });
    expect(nodeShouldRunDaemonPod(tainted, tolerating).shouldRun).toBe(true);
  });

  it('leaves a node with an untolerated NoExecute taint; PreferNoSchedule does not matter', () => {
    const noExecute = node('n1', {}, [{ key: 'evict', effect: 'NoExecute' }]);
    expect(nodeShouldRunDaemonPod(noExecute, daemonSet())).toEqual({
      shouldRun: false,
      shouldContinueRunning: false,
    });
    const prefer = node('n2', {}, [{ key: 'soft', effect: 'PreferNoSchedule' }]);
    expect(nodeShouldRunDaemonPod(prefer, daemonSet()).shouldRun).toBe(true);
  });

  it('tolerates the node-condition taints as Kubernetes daemon pods do', () => {
    const taints: Taint[] = [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
    ];
    expect(nodeShouldRunDaemonPod(node('n1', {}, taints), daemonSet()).shouldRun).toBe(true);
  });
});

describe(withDaemonPodTolerations.name, () => {
  it('adds the daemon tolerations once, keeping the template own ones first', () => {
    const own = [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists' as const,
        effect: 'NoExecute' as const,
        tolerationSeconds: 5,
      },
    ];
    const all = withDaemonPodTolerations(own);
    expect(all[0]).toBe(own[0]);
    expect(all).toHaveLength(6);
    expect(all.filter((t) => t.key === 'node.kubernetes.io/not-ready')).toHaveLength(1);
  });
});
