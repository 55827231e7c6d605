/**
 * The RBAC authorizer's view of Roles, ClusterRoles and their bindings (kube-apiserver's RBAC
 * informers): listed once at start, then kept current from the change log, so a binding written a
 * moment ago takes effect on the next request. A change log trimmed past the cache's revision
 * (410 Gone) makes it list again. `synced()` resolves once the first list is in.
 */
import { KubeObject, ResourceCatalog, ResourceDefinition } from '@orchestra/api';
import { ChangeEvent, ChangeFeed, RedisStore, resourceSegment, Subscription } from '@orchestra/store';
import { ClusterRole, ClusterRoleBinding, RBAC_GROUP, Role, RoleBinding } from './rbac.types';

type Kind = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';
const kinds: Kind[] = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'];

/** Objects of one kind by `namespace/name` (or `name`), and the namespaced ones by namespace. */
class KindIndex<T extends KubeObject> {
  readonly byKey = new Map<string, T>();
  readonly byNamespace = new Map<string, Map<string, T>>();

  set(object: T): void {
    this.remove(object);
    const ns = object.metadata.namespace ?? '';
    this.byKey.set(keyOf(object), object);
    let members = this.byNamespace.get(ns);
    if (!members) this.byNamespace.set(ns, (members = new Map()));
    members.set(object.metadata.name!, object);
  }

  remove(object: KubeObject): void {
    const ns = object.metadata.namespace ?? '';
    this.byKey.delete(keyOf(object));
    const members = this.byNamespace.get(ns);
    members?.delete(object.metadata.name!);
    if (members?.size === 0) this.byNamespace.delete(ns);
  }

  clear(): void {
    this.byKey.clear();
    this.byNamespace.clear();
  }
}

const keyOf = (o: KubeObject) =>
  o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!;

export interface RbacCacheLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export class RbacCache {
  private readonly roles = new KindIndex<Role>();
  private readonly clusterRoles = new KindIndex<ClusterRole>();
  private readonly roleBindings = new KindIndex<RoleBinding>();
  private readonly clusterRoleBindings = new KindIndex<ClusterRoleBinding>();
  private readonly defs: Record<Kind, ResourceDefinition>;
  private readonly segments: Map<string, Kind>;
  private subscription?: Subscription;
  private stopped = false;
  private resolveSynced!: () => void;
  private readonly syncedPromise = new Promise<void>((resolve) => (this.resolveSynced = resolve));
  private readonly listeners = new Set<() => void>();
  /** The newest change-log revision applied (or listed). */
  revision = 0;
  /** Bumped on every change to the RBAC objects held (for caches derived from them). */
  generation = 0;

  /** Without a source the cache holds what `put` gives it (unit tests). */
  constructor(
    catalog: ResourceCatalog,
    private readonly source?: { store: RedisStore; feed: ChangeFeed },
    private readonly logger?: RbacCacheLogger,
    private readonly retryMs = 1000,
  ) {
    const def = (plural: Kind) => {
      const found = catalog.find(RBAC_GROUP, 'v1', plural);
      if (!found) throw new Error(`the catalog does not serve ${plural}.${RBAC_GROUP}`);
      return found;
    };
    this.defs = {
      roles: def('roles'),
      clusterroles: def('clusterroles'),
      rolebindings: def('rolebindings'),
      clusterrolebindings: def('clusterrolebindings'),
    };
    this.segments = new Map(kinds.map((k) => [resourceSegment(this.defs[k]), k]));
  }

  /**
   * Lists and follows the change log; resolves after the first list, retrying until Redis
   * answers (a 410 Gone between the list and the subscription is one more list).
   */
  async start(): Promise<void> {
    this.stopped = false;
    if (!this.source) return this.resolveSynced();
    for (;;) {
      try {
        await this.relist();
        return;
      } catch (error) {
        if (this.stopped) return;
        this.logger?.warn('RBAC cache: list or watch failed; listing again', { error });
        await new Promise((r) => setTimeout(r, this.retryMs));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.close();
    this.subscription = undefined;
  }

  /** Resolves once the cache holds a full list (the pipeline awaits it before serving). */
  synced(): Promise<void> {
    return this.syncedPromise;
  }

  /** Called after every change the cache applies (tests, derived caches). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the cache has applied the change log up to `revision` (or after `timeoutMs`). */
  waitForRevision(revision: number, timeoutMs = 2000): Promise<boolean> {
    if (this.revision >= revision) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, timeoutMs);
      const off = this.onChange(() => {
        if (this.revision < revision) return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  role(namespace: string, name: string): Role | undefined {
    return this.roles.byKey.get(`${namespace}/${name}`);
  }

  clusterRole(name: string): ClusterRole | undefined {
    return this.clusterRoles.byKey.get(name);
  }

  allClusterRoles(): Iterable<ClusterRole> {
    return this.clusterRoles.byKey.values();
  }

  allClusterRoleBindings(): Iterable<ClusterRoleBinding> {
    return this.clusterRoleBindings.byKey.values();
  }

  roleBindingsIn(namespace: string): Iterable<RoleBinding> {
    return this.roleBindings.byNamespace.get(namespace)?.values() ?? [];
  }

  /** Every RoleBinding, by namespace. */
  roleBindingNamespaces(): Iterable<[string, Map<string, RoleBinding>]> {
    return this.roleBindings.byNamespace.entries();
  }

  private index(kind: Kind): KindIndex<KubeObject> {
    switch (kind) {
      case 'roles':
        return this.roles;
      case 'clusterroles':
        return this.clusterRoles;
      case 'rolebindings':
        return this.roleBindings as KindIndex<KubeObject>;
      case 'clusterrolebindings':
        return this.clusterRoleBindings as KindIndex<KubeObject>;
    }
  }

  /** Lists the four kinds and follows the change log from the oldest list's revision. */
  private async relist(): Promise<void> {
    this.subscription?.close();
    this.subscription = undefined;
    const { store, feed } = this.source!;
    const lists = await Promise.all(kinds.map((kind) => store.list(this.defs[kind])));
    if (this.stopped) return;
    const from = Math.min(...lists.map((l) => Number(l.resourceVersion)));
    kinds.forEach((kind, i) => {
      const index = this.index(kind);
      index.clear();
      for (const object of lists[i].items) index.set(object);
    });
    this.generation++;
    this.revision = Math.max(...lists.map((l) => Number(l.resourceVersion)));
    this.subscription = await feed.subscribe(from, (event) => this.apply(event));
    this.resolveSynced();
    this.notify();
  }

  /** Adds or replaces one RBAC object, as a change would (unit tests). */
  put(object: KubeObject): void {
    const kind = kinds.find((k) => this.defs[k].kind === object.kind);
    if (!kind) throw new Error(`not an RBAC kind: ${object.kind}`);
    this.index(kind).set(object);
    this.generation++;
    this.notify();
  }

  private apply(event: ChangeEvent): void {
    const kind = this.segments.get(event.resource);
    if (kind) {
      const index = this.index(kind);
      if (event.type === 'DELETED') index.remove(event.object);
      else index.set(event.object);
      this.generation++;
    }
    if (event.revision > this.revision) this.revision = event.revision;
    if (kind || this.listeners.size > 0) this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
