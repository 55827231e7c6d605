/**
 * An in-memory stand-in for the apiserver behind the WorkloadApi port, plus the informer caches
 * (Listers) the reconcilers read: enough apiserver semantics for the controllers' logic (uids,
 * resourceVersion compare-and-swap, generation, generateName, graceful pod deletion), none of
 * Redis. `freezeCache()` makes the listers serve a snapshot, to play a stale informer.
 */
import { ApiError, Deployment, OwnerReference, Pod, ReplicaSet } from '@orchestra/api';
import { IndexName, Lister, objectKey } from '@orchestra/client';
import { canonicalJson } from '../pod-template-hash';
import { rfc3339 } from '../clock';
import { EventSink, EventTarget, WorkloadApi } from '../workload-api.port';

type Kind = 'pods' | 'replicasets' | 'deployments';
type Stored = Pod | ReplicaSet | Deployment;

export interface RecordedEvent {
  type: 'Normal' | 'Warning';
  object: string;
  reason: string;
  message: string;
}

export type ClusterWatcher = (kind: Kind, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: Stored) => void;

const clone = <T>(o: T): T => structuredClone(o);

export class FakeClock {
  constructor(public ms = Date.parse('2024-01-01T00:00:00Z')) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export class InMemoryCluster implements WorkloadApi, EventSink {
  readonly stores: Record<Kind, Map<string, Stored>> = {
    pods: new Map(),
    replicasets: new Map(),
    deployments: new Map(),
  };
  readonly events: RecordedEvent[] = [];
  readonly watchers: ClusterWatcher[] = [];
  /** Calls made through the port, e.g. `createPod web-abcde`. */
  readonly calls: string[] = [];
  /** Makes the next create of a pod fail (quota, admission, ...). */
  failPodCreates?: (pod: Pod) => Error | undefined;
  private frozen?: Record<Kind, Map<string, Stored>>;
  private readonly pendingEvents: [Kind, 'ADDED' | 'MODIFIED' | 'DELETED', Stored][] = [];
  private revision = 0;
  private uidCounter = 0;
  private nameCounter = 0;

  constructor(readonly clock: FakeClock = new FakeClock()) {}

  // ---- listers (the informer caches) ----

  lister<T extends Stored>(kind: Kind): Lister<T> {
    const items = (): T[] => [...(this.frozen ?? this.stores)[kind].values()] as T[];
    return {
      get: (key) => (this.frozen ?? this.stores)[kind].get(key) as T | undefined,
      list: (ns) => items().filter((o) => ns === undefined || o.metadata.namespace === ns),
      byIndex: (index: IndexName, value: string) =>
        items().filter((o) =>
          index === 'namespace'
            ? o.metadata.namespace === value
            : index === 'ownerUid'
              ? (o.metadata.ownerReferences ?? []).some((r) => r.uid === value)
              : false,
        ),
      keys: () => [...(this.frozen ?? this.stores)[kind].keys()],
    };
  }

  freezeCache(): void {
    this.frozen = {
      pods: new Map(this.stores.pods),
      replicasets: new Map(this.stores.replicasets),
      deployments: new Map(this.stores.deployments),
    };
  }

  /** The cache catches up, and only then do its event handlers run (as an informer's). */
  thawCache(): void {
    this.frozen = undefined;
    for (const [kind, type, obj] of this.pendingEvents.splice(0)) this.notify(kind, type, obj);
  }

  // ---- direct access for tests ----

  put<T extends Stored>(kind: Kind, obj: T): T {
    const next = clone(obj);
    next.metadata.uid ??= `uid-${++this.uidCounter}`;
    next.metadata.creationTimestamp ??= rfc3339(this.clock.now());
    next.metadata.generation ??= 1;
    return this.store(kind, next, this.stores[kind].get(objectKey(next))) as T;
  }

  get<T extends Stored>(kind: Kind, key: string): T | undefined {
    return this.stores[kind].get(key) as T | undefined;
  }

  all<T extends Stored>(kind: Kind): T[] {
    return [...this.stores[kind].values()] as T[];
  }

  /** Mutates a stored object as another actor would (kubelet, user), bumping resourceVersion. */
  modify<T extends Stored>(kind: Kind, key: string, change: (obj: T) => void): T {
    const current = this.stores[kind].get(key);
    if (!current) throw new Error(`${kind} ${key} not found`);
    const next = clone(current) as T;
    change(next);
    return this.store(kind, next, current) as T;
  }

  remove(kind: Kind, key: string): void {
    const current = this.stores[kind].get(key);
    if (!current) return;
    this.stores[kind].delete(key);
    this.notify(kind, 'DELETED', current);
  }

  // ---- WorkloadApi ----

  async createPod(namespace: string, pod: Pod): Promise<Pod> {
    const failure = this.failPodCreates?.(pod);
    if (failure) throw failure;
    const created = this.create('pods', namespace, pod);
    this.calls.push(`createPod ${created.metadata.name}`);
    return created;
  }

  async deletePod(namespace: string, name: string, uid: string): Promise<void> {
    const key = `${namespace}/${name}`;
    this.calls.push(`deletePod ${name}`);
    this.checkUid('pods', key, uid);
    this.modify<Pod>('pods', key, (p) => {
      p.metadata.deletionTimestamp = rfc3339(this.clock.now());
    });
  }

  async patchPodOwnerReferences(ns: string, name: string, uid: string, refs: OwnerReference[]): Promise<Pod> {
    this.calls.push(`patchPodOwnerReferences ${name}`);
    this.checkUid('pods', `${ns}/${name}`, uid);
    return this.modify<Pod>('pods', `${ns}/${name}`, (p) => {
      p.metadata.ownerReferences = refs;
    });
  }

  async createReplicaSet(namespace: string, rs: ReplicaSet): Promise<ReplicaSet> {
    this.calls.push(`createReplicaSet ${rs.metadata.name}`);
    return this.create('replicasets', namespace, rs);
  }

  async updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet> {
    this.calls.push(`updateReplicaSet ${rs.metadata.name}`);
    return this.update('replicasets', rs, 'main');
  }

  async updateReplicaSetStatus(rs: ReplicaSet): Promise<ReplicaSet> {
    this.calls.push(`updateReplicaSetStatus ${rs.metadata.name}`);
    return this.update('replicasets', rs, 'status');
  }

  async deleteReplicaSet(namespace: string, name: string, uid: string): Promise<void> {
    this.calls.push(`deleteReplicaSet ${name}`);
    this.checkUid('replicasets', `${namespace}/${name}`, uid);
    this.remove('replicasets', `${namespace}/${name}`);
  }

  async patchReplicaSetOwnerReferences(
    ns: string,
    name: string,
    uid: string,
    refs: OwnerReference[],
  ): Promise<ReplicaSet> {
    this.calls.push(`patchReplicaSetOwnerReferences ${name}`);
    this.checkUid('replicasets', `${ns}/${name}`, uid);
    return this.modify<ReplicaSet>('replicasets', `${ns}/${name}`, (rs) => {
      rs.metadata.ownerReferences = refs;
    });
  }

  async updateDeployment(d: Deployment): Promise<Deployment> {
    this.calls.push(`updateDeployment ${d.metadata.name}`);
    return this.update('deployments', d, 'main');
  }

  async updateDeploymentStatus(d: Deployment): Promise<Deployment> {
    this.calls.push(`updateDeploymentStatus ${d.metadata.name}`);
    return this.update('deployments', d, 'status');
  }

  // ---- EventSink ----

  normal(object: EventTarget, reason: string, message: string): void {
    this.events.push({ type: 'Normal', object: `${object.kind}/${object.metadata.name}`, reason, message });
  }

  warning(object: EventTarget, reason: string, message: string): void {
    this.events.push({ type: 'Warning', object: `${object.kind}/${object.metadata.name}`, reason, message });
  }

  // ---- apiserver semantics ----

  private create<T extends Stored>(kind: Kind, namespace: string, obj: T): T {
    const next = clone(obj);
    next.metadata.namespace = namespace;
    if (!next.metadata.name && next.metadata.generateName) {
      next.metadata.name = `${next.metadata.generateName}${(++this.nameCounter).toString(36).padStart(5, 'x')}`;
    }
    const key = objectKey(next);
    if (this.stores[kind].has(key)) {
      throw ApiError.alreadyExists(
        { group: kind === 'pods' ? '' : 'apps', resource: kind },
        next.metadata.name ?? '',
      );
    }
    next.metadata.uid = `uid-${++this.uidCounter}`;
    next.metadata.creationTimestamp = rfc3339(this.clock.now());
    next.metadata.generation = 1;
    return this.store(kind, next, undefined) as T;
  }

  private update<T extends Stored>(kind: Kind, obj: T, target: 'main' | 'status'): T {
    const key = objectKey(obj);
    const current = this.stores[kind].get(key);
    if (!current) throw ApiError.notFound({ group: 'apps', resource: kind }, obj.metadata.name ?? '');
    if (obj.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw new ApiError(
        409,
        'Conflict',
        `the object ${key} has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const next = clone(current) as T;
    if (target === 'status') next.status = clone(obj.status) as T['status'];
    else {
      next.spec = clone(obj.spec) as T['spec'];
      next.metadata = {
        ...clone(obj.metadata),
        uid: current.metadata.uid,
        generation: current.metadata.generation,
      };
      if (canonicalJson(next.spec) !== canonicalJson(current.spec)) {
        next.metadata.generation = (current.metadata.generation ?? 0) + 1;
      }
    }
    return this.store(kind, next, current) as T;
  }

  private checkUid(kind: Kind, key: string, uid: string): void {
    const current = this.stores[kind].get(key);
    if (!current) throw ApiError.notFound({ group: '', resource: kind }, key);
    if (current.metadata.uid !== uid)
      throw new ApiError(409, 'Conflict', `uid precondition failed for ${key}`);
  }

  private store(kind: Kind, obj: Stored, previous: Stored | undefined): Stored {
    obj.metadata.resourceVersion = String(++this.revision);
    this.stores[kind].set(objectKey(obj), obj);
    this.notify(kind, previous ? 'MODIFIED' : 'ADDED', obj);
    return clone(obj);
  }

  private notify(kind: Kind, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: Stored): void {
    if (this.frozen) {
      this.pendingEvents.push([kind, type, obj]);
      return;
    }
    for (const w of this.watchers) w(kind, type, obj);
  }
}
