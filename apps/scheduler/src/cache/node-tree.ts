/**
 * Node order for scheduling (Kubernetes internal/cache `nodeTree`): nodes grouped by zone and
 * listed round-robin across zones, so a cycle that stops after a percentage of nodes still sees
 * every zone.
 */
import type { Node } from '@orchestra/api';

export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';

/** Kubernetes `utilnode.GetZoneKey`: region and zone, or '' when the node has neither. */
export function zoneKey(node: Node): string {
  const labels = node.metadata.labels ?? {};
  const region = labels[LABEL_TOPOLOGY_REGION] ?? '';
  const zone = labels[LABEL_TOPOLOGY_ZONE] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

export class NodeTree {
  private readonly zones = new Map<string, string[]>();
  private readonly zoneOf = new Map<string, string>();

  get size(): number {
    return this.zoneOf.size;
  }

  /** Adds the node, or moves it if its zone changed; false when nothing changed. */
  add(node: Node): boolean {
    const name = node.metadata.name ?? '';
    const zone = zoneKey(node);
    const current = this.zoneOf.get(name);
    if (current === zone) return false;
    if (current !== undefined) this.remove(name);
    let names = this.zones.get(zone);
    if (!names) this.zones.set(zone, (names = []));
    names.push(name);
    this.zoneOf.set(name, zone);
    return true;
  }

  remove(name: string): void {
    const zone = this.zoneOf.get(name);
    if (zone === undefined) return;
    const names = this.zones.get(zone) ?? [];
    names.splice(names.indexOf(name), 1);
    if (names.length === 0) this.zones.delete(zone);
    this.zoneOf.delete(name);
  }

  /** Names, zones interleaved: the first node of each zone, then the second of each, … */
  list(): string[] {
    const out: string[] = [];
    const zones = [...this.zones.values()];
    for (let i = 0; out.length < this.zoneOf.size; i++) {
      for (const names of zones) if (i < names.length) out.push(names[i]);
    }
    return out;
  }
}
