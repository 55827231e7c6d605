import { MAX_NODE_INDEX, podCidrOf, PodCidrAllocator } from './pod-cidr.allocator';

describe(PodCidrAllocator.name, () => {
  it('gives each pod UID a stable IP from the node podCIDR, from .2 on', () => {
    const ips = new PodCidrAllocator(4);
    expect(ips.cidr).toBe('10.244.4.0/24');
    expect(ips.allocate('a')).toBe('10.244.4.2');
    expect(ips.allocate('b')).toBe('10.244.4.3');
    expect(ips.allocate('a')).toBe('10.244.4.2');
    expect(ips.uidOf('10.244.4.3')).toBe('b');
  });

  it('keeps a known IP of the pod when it is free, and does not hand out a freed IP at once', () => {
    const ips = new PodCidrAllocator(1);
    expect(ips.allocate('a', '10.244.1.77')).toBe('10.244.1.77');
    expect(ips.allocate('b', '10.244.1.77')).toBe('10.244.1.2');
    expect(ips.allocate('c', '10.244.9.9')).toBe('10.244.1.3'); // another node's range: ignored
    ips.release('b');
    expect(ips.uidOf('10.244.1.2')).toBeUndefined();
    expect(ips.allocate('d')).toBe('10.244.1.4');
  });

  it('fails when the /24 is full', () => {
    const ips = new PodCidrAllocator(1);
    for (let i = 0; i < 253; i++) ips.allocate(`p${i}`);
    expect(() => ips.allocate('one-too-many')).toThrow('podCIDR 10.244.1.0/24 is exhausted');
  });

  it('cuts 10.244.0.0/14 into one /24 per node index, up to 1,023 nodes', () => {
    expect(podCidrOf(1)).toBe('10.244.1.0/24');
    expect(podCidrOf(255)).toBe('10.244.255.0/24');
    expect(podCidrOf(256)).toBe('10.245.0.0/24');
    expect(podCidrOf(1000)).toBe('10.247.232.0/24');
    expect(podCidrOf(MAX_NODE_INDEX)).toBe('10.247.255.0/24');
    expect(() => podCidrOf(MAX_NODE_INDEX + 1)).toThrow('outside 0..1023');
    const ips = new PodCidrAllocator(300);
    expect(ips.allocate('a')).toBe('10.245.44.2');
    expect(ips.contains('10.244.44.2')).toBe(false);
  });
});
