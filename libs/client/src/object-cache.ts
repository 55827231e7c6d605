/**
 * The informer's store (client-go's thread-safe store with indexers): objects by key, with every
 * index updated on each add, update and delete so lookups stay exact.
 */
import { KubeObject } from '@orchestra/api';
import { cacheIndexers, IndexFunc } from './cache-indexers';
import { ApiObject, IndexName, Lister, objectKey } from './lister';

export class ObjectCache<T extends ApiObject = KubeObject> implements Lister<T> {
  private readonly items = new Map<string, T>();
  /** index → value → keys */
  private readonly indices = new Map<IndexName, Map<string, Set<string>>>();

  constructor(private readonly indexers: Record<IndexName, IndexFunc> = cacheIndexers) {
    for (const name of Object.keys(indexers) as IndexName[]) this.indices.set(name, new Map());
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(namespace?: string): T[] {
    return namespace === undefined ? [...this.items.values()] : this.byIndex('namespace', namespace);
  }

  byIndex(index: IndexName, value: string): T[] {
    const keys = this.indices.get(index)?.get(value);
    return keys ? [...keys].map((key) => this.items.get(key)!) : [];
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Adds or replaces the object; returns the one it replaced. */
  upsert(object: T): T | undefined {
    const key = objectKey(object);
    const previous = this.items.get(key);
    if (previous) this.unindex(key, previous);
    this.items.set(key, object);
    this.index(key, object);
    return previous;
  }

  /** Removes the object under `key`; returns it. */
  remove(key: string): T | undefined {
    const previous = this.items.get(key);
    if (!previous) return undefined;
    this.unindex(key, previous);
    this.items.delete(key);
    return previous;
  }

  private index(key: string, object: T): void {
    for (const [name, values] of this.indices) {
      for (const value of this.indexers[name](object)) {
        let keys = values.get(value);
        if (!keys) values.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  private unindex(key: string, object: T): void {
    for (const [name, values] of this.indices) {
      for (const value of this.indexers[name](object)) {
        const keys = values.get(value);
        keys?.delete(key);
        if (keys?.size === 0) values.delete(value);
      }
    }
  }
}
