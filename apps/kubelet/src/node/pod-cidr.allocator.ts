/**
 * Pod IPs from a node's podCIDR (`10.244.<index>.0/24`), as the bridge CNI plugin's host-local
 * IPAM does: .1 is the bridge's gateway, pods get .2 to .254, and a pod keeps its IP for as long
 * as its UID lives on the node (a restarted container does not change the pod's IP).
 */
export class PodCidrAllocator {
  private readonly byUid = new Map<string, string>();
  /** IP → UID: where pod traffic goes, and which IPs are taken. */
  private readonly byIp = new Map<string, string>();
  private next = 2;

  constructor(readonly index: number) {}

  get cidr(): string {
    return `10.244.${this.index}.0/24`;
  }

  contains(ip: string): boolean {
    return ip.startsWith(`10.244.${this.index}.`);
  }

  /** The pod's IP, allocated on first call; `preferred` (a status.podIP seen earlier) is kept if free. */
  allocate(uid: string, preferred?: string): string {
    const known = this.byUid.get(uid);
    if (known) return known;
    let ip = preferred && this.contains(preferred) && !this.byIp.has(preferred) ? preferred : undefined;
    // Round robin from the last allocation, so a freed IP is not handed out again at once.
    for (let tries = 0; !ip && tries < 253; tries++) {
      const candidate = `10.244.${this.index}.${this.next}`;
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
