/** Counts per topology domain: topologyKey → topology value → count (Kubernetes `topologyToMatchedTermCount`). */
export class TopologyCounts {
  private readonly byKey = new Map<string, Map<string, number>>();

  get empty(): boolean {
    return this.byKey.size === 0;
  }

  add(key: string, value: string, n: number): void {
    if (n === 0) return;
    let values = this.byKey.get(key);
    if (!values) this.byKey.set(key, (values = new Map()));
    values.set(value, (values.get(value) ?? 0) + n);
  }

  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  /** Whether any domain the node belongs to has a positive count. */
  anyPositiveFor(labels: Record<string, string>): boolean {
    for (const [key, values] of this.byKey) {
      const v = labels[key];
      if (v !== undefined && (values.get(v) ?? 0) > 0) return true;
    }
    return false;
  }

  /** The sum over the node's domains (InterPodAffinity's score). */
  sumFor(labels: Record<string, string>): number {
    let sum = 0;
    for (const [key, values] of this.byKey) {
      const v = labels[key];
      if (v !== undefined) sum += values.get(v) ?? 0;
    }
    return sum;
  }
}
