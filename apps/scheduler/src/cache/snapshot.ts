/**
 * The nodes as one scheduling cycle sees them (Kubernetes internal/cache `Snapshot`). The cache
 * updates it in place before every cycle, copying only the NodeInfos whose generation changed,
 * so a cycle costs O(changed nodes), not O(all nodes × pods).
 */
import type { NodeInfo, NodeInfoLister } from '../framework';

export class Snapshot implements NodeInfoLister {
  /** By node name. */
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  /** Index of each node in nodeInfoList. */
  readonly positions = new Map<string, number>();
  havePodsWithAffinity: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinity: NodeInfo[] = [];

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }

  get(name: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(name);
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithAffinity;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithRequiredAntiAffinity;
  }

  /** Rebuilds the ordered list (after nodes were added or removed). */
  setOrder(names: readonly string[]): void {
    this.nodeInfoList = [];
    this.positions.clear();
    for (const name of names) {
      const info = this.nodeInfoMap.get(name);
      if (!info) continue;
      this.positions.set(name, this.nodeInfoList.length);
      this.nodeInfoList.push(info);
    }
  }

  /** Replaces one node's copy in place (its position in the order is unchanged). */
  replace(info: NodeInfo): void {
    this.nodeInfoMap.set(info.name, info);
    const at = this.positions.get(info.name);
    if (at !== undefined) this.nodeInfoList[at] = info;
  }

  refreshAffinityLists(): void {
    this.havePodsWithAffinity = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinity = this.nodeInfoList.filter(
      (n) => n.podsWithRequiredAntiAffinity.length > 0,
    );
  }
}
