import type { Pod } from '@orchestra/api';
import { podNetworkConfig, podResolvConf, type ClusterNetworkSettings } from './pod-dns';

const settings: ClusterNetworkSettings = {
  clusterDNS: ['127.0.0.1:10053'],
  clusterDomain: 'cluster.local',
  serviceProxy: '127.0.0.1:10090',
};

const pod = (namespace: string, dnsPolicy?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace },
  spec: { containers: [{ name: 'c', image: 'orchestra/web' }], ...(dnsPolicy ? { dnsPolicy } : {}) },
});

describe(podResolvConf.name, () => {
  it('gives a ClusterFirst pod (the default) the cluster DNS, its namespace search path and ndots:5', () => {
    expect(podResolvConf(pod('shop'), settings)).toEqual({
      nameservers: ['127.0.0.1:10053'],
      searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      ndots: 5,
    });
    expect(podResolvConf(pod('shop', 'ClusterFirstWithHostNet'), settings).nameservers).toEqual([
      '127.0.0.1:10053',
    ]);
  });

  it("uses the kubelet's cluster domain", () => {
    expect(podResolvConf(pod('a'), { ...settings, clusterDomain: 'corp.internal' }).searches).toEqual([
      'a.svc.corp.internal',
      'svc.corp.internal',
      'corp.internal',
    ]);
  });

  it("gives Default pods, and ClusterFirst pods of a kubelet without cluster DNS, the node's resolver", () => {
    const node = { nameservers: [], searches: [], ndots: 1, nodeResolver: true };
    expect(podResolvConf(pod('shop', 'Default'), settings)).toEqual(node);
    expect(podResolvConf(pod('shop'), { ...settings, clusterDNS: [] })).toEqual(node);
  });

  it('gives dnsPolicy None no nameserver at all', () => {
    expect(podResolvConf(pod('shop', 'None'), settings)).toEqual({ nameservers: [], searches: [], ndots: 1 });
  });

  it("carries the node's route to clusterIPs along", () => {
    expect(podNetworkConfig(pod('shop'), settings).serviceProxy).toBe('127.0.0.1:10090');
    expect(podNetworkConfig(pod('shop'), { ...settings, serviceProxy: undefined })).not.toHaveProperty(
      'serviceProxy',
    );
  });
});
