/**
 * Data one scheduling cycle shares between extension points (Kubernetes `framework.CycleState`):
 * what PreFilter computes once (e.g. topology counts) for Filter to read on every node.
 */
import type { NodeInfoLister } from './shared-lister';

export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run this cycle. */
  readonly skipScorePlugins = new Set<string>();

  constructor(
    /** The nodes as this cycle sees them. */
    readonly snapshot: NodeInfoLister,
  ) {}

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}
