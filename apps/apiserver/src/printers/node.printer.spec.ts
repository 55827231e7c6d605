import { Node } from '@orchestra/api';
import { nodePrinter, nodeRoles } from './node.printer';

const now = new Date('2026-01-10T12:00:00Z');

const node = (over: Partial<Node> = {}): Node => ({
  metadata: {
    name: 'cp-1',
    creationTimestamp: '2026-01-01T12:00:00Z',
    labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'cp-1' },
  },
  spec: { unschedulable: true },
  status: {
    conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }],
    addresses: [
      { type: 'InternalIP', address: '172.18.0.2' },
      { type: 'Hostname', address: 'cp-1' },
    ],
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: '6.8.0-45-generic',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'orchestra://0.1.0',
      kubeletVersion: 'v1.32.0-orchestra',
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  },
  ...over,
});

describe('nodePrinter', () => {
  it('shows NotReady,SchedulingDisabled with the control-plane role', () => {
    expect(nodePrinter.print(node(), now).cells).toEqual([
      'cp-1',
      'NotReady,SchedulingDisabled',
      'control-plane',
      '9d',
      'v1.32.0-orchestra',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0-45-generic',
      'orchestra://0.1.0',
    ]);
  });

  it('says Ready, Unknown without a Ready condition, and <none> without roles', () => {
    const ready = node({
      metadata: { name: 'w' },
      spec: {},
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(nodePrinter.print(ready, now).cells.slice(1, 4)).toEqual(['Ready', '<none>', '<unknown>']);
    expect(nodePrinter.print(node({ metadata: { name: 'w' }, spec: {}, status: {} }), now).cells[1]).toBe(
      'Unknown',
    );
  });
});

describe('nodeRoles', () => {
  it('reads both role label styles, sorted and de-duplicated', () => {
    expect(
      nodeRoles({
        'node-role.kubernetes.io/worker': '',
        'node-role.kubernetes.io/control-plane': '',
        'kubernetes.io/role': 'worker',
        'node-role.kubernetes.io/': '',
      }),
    ).toEqual(['control-plane', 'worker']);
  });
});
