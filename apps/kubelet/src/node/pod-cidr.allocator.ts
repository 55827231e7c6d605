/**
 * The cluster's pod network is 10.244.0.0/14 (kind's 10.244.0.0/16, widened to 1,024 nodes), cut
 * into one /24 per node as the node IPAM controller does: node index i gets
 * `10.<244 + i div 256>.<i mod 256>.0/24`, so nodes 1-255 keep the familiar 10.244.<i>.0/24.
 */
export const MAX_NODE_INDEX = 1023;

/** `10.244.7.` for node index 7: the first three octets of the node's pod IPs. */
export function podNetworkOf(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > MAX_NODE_INDEX)
    throw new RangeError(
      `node index ${index} is outside 0..${MAX_NODE_INDEX} (the pod network 10.244.0.0/14)`,
    );
  return `10.${244 + (index >> 8)}.${index & 255}.`;
}

export function podCidrOf(index: number): string {
  return `${podNetworkOf(index)}0/24`;
}

/**
 * Pod IPs from a node's podCIDR, as the bridge CNI plugin's host-local IPAM does: .1 is the
 * bridge's gateway, pods get .2 to .254, and a pod keeps its IP for as long as its UID lives on
 * the node (a restarted container does not change the pod's IP).
 */
export class PodCidrAllocator {
  private readonly byUid = new Map<string, string>();
  /** IP → UID: where pod traffic goes, and which IPs are taken. */
  private readonly byIp = new Map<string, string>();
  private next = 2;

  private readonly network: string;

  constructor(readonly index: number) {
    this.network = podNetworkOf(index);
  }

  get cidr(): string {
    return `${this.network}0/24`;
  }

  contains(ip: string): boolean {
    return ip.startsWith(this.network);
  }

  /** The pod's IP, allocated on first call; `preferred` (a status.podIP seen earlier) is kept if free. */
  allocate(uid: string, preferred?: string): string {
    const known = this.byUid.get(uid);
    if (known) return known;
    let ip = preferred && this.contains(preferred) && !this.byIp.has(preferred) ? preferred : undefined;
    // Round robin from the last allocation, so a freed IP is not handed out again at once.
    for (let tries = 0; !ip && tries < 253; tries++) {
      const candidate = `${this.network}${this.next}`;
      this.next = this.next >= 254 ? 2 : this.next + 1;
      if (!this.byIp.has(candidate)) ip = candidate;
    }
    if (!ip) throw new Error(`podCIDR ${this.cidr} is exhausted`);
    this.byUid.set(uid, ip);
    this.byIp.set(ip, uid);
    return ip;
  }

  release(uid: string): void {
    const ip = this.byUid.get(uid);
    if (!ip) return;
    this.byUid.delete(uid);
    this.byIp.delete(ip);
  }

  /** Pod UID by IP: where pod traffic goes. */
  uidOf(ip: string): string | undefined {
    return this.byIp.get(ip);
  }
}
