/**
 * The garbage collector (kube-controller-manager's garbagecollector): deletes objects whose
 * owners are all gone, and carries out foreground and orphan propagation for owners being
 * deleted. Works on `resource/namespace/name` keys from its queue.
 */
import { apiVersionOf, KubeObject, ResourceDefinition } from '@orchestra/api';
import { objectKey } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import { decideGc, foregroundDeletion, OwnerState } from './gc-decision';
import { formatGcKey, parseGcKey } from './gc-key';
import { GarbageCollectorApi, GarbageCollectorGraph } from './garbage-collector.ports';

/** How often an owner waiting for its dependents to go looks again. */
const waitForDependentsMs = 1000;

export class GarbageCollectorReconciler implements Reconciler {
  readonly name = 'garbage-collector';

  constructor(
    private readonly graph: GarbageCollectorGraph,
    private readonly api: GarbageCollectorApi,
    private readonly enqueue: (key: string) => void,
  ) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const defs = this.graph.resources();
    const { resource, namespace, name } = parseGcKey(
      key,
      (r) => defs.find((d) => d.plural === r)?.namespaced ?? true,
    );
    const def = defs.find((d) => d.plural === resource);
    if (!def) return;
    const object = this.graph.lister(def).get(objectKey({ metadata: { namespace, name } }));
    if (!object) {
      // Gone: its dependents must now decide whether they go too.
      for (const [depDef, dependent] of this.dependentsNamed(def, namespace, name))
        this.enqueue(this.keyOf(depDef, dependent));
      return;
    }
    const dependents = this.dependentsOf(object);
    if (object.metadata.deletionTimestamp && object.metadata.finalizers?.includes(foregroundDeletion)) {
      for (const [depDef, dependent] of dependents) this.enqueue(this.keyOf(depDef, dependent));
    }
    const owners = await this.ownerStates(object);
    const action = decideGc(
      object,
      owners,
      dependents.map(([, d]) => d),
    );
    const defOf = new Map(dependents.map(([d, o]) => [o, d]));
    switch (action.kind) {
      case 'none':
        return object.metadata.deletionTimestamp && object.metadata.finalizers?.includes(foregroundDeletion)
          ? { requeueAfterMs: waitForDependentsMs }
          : undefined;
      case 'orphan-dependents':
        for (const dependent of action.dependents) {
          await this.api.removeOwnerReference(defOf.get(dependent)!, dependent, object.metadata.uid!);
        }
        return { requeueAfterMs: 0 };
      case 'delete-dependents-foreground':
        for (const dependent of action.dependents) {
          await this.api.delete(defOf.get(dependent)!, dependent, foregroundOptions(dependent));
        }
        return { requeueAfterMs: waitForDependentsMs };
      case 'remove-finalizer':
        await this.api.removeFinalizer(def, object, action.finalizer);
        return;
      case 'delete':
        await this.api.delete(def, object, {
          propagationPolicy: action.propagationPolicy,
          preconditions: { uid: object.metadata.uid },
        });
        return;
    }
  }

  /** Every owner's state, confirming a missing one with a live read before calling it absent. */
  private async ownerStates(object: KubeObject): Promise<OwnerState[]> {
    const states: OwnerState[] = [];
    for (const ref of object.metadata.ownerReferences ?? []) {
      const ownerDef = this.graph
        .resources()
        .find((d) => d.kind === ref.kind && apiVersionOf(d) === ref.apiVersion);
      if (!ownerDef) {
        states.push({ ref, state: 'present' }); // a kind we do not serve: never delete on its account
        continue;
      }
      const namespace = ownerDef.namespaced ? object.metadata.namespace : undefined;
      const cached = this.graph.lister(ownerDef).get(objectKey({ metadata: { namespace, name: ref.name } }));
      const owner =
        cached?.metadata.uid === ref.uid ? cached : await this.api.get(ownerDef, namespace, ref.name);
      if (!owner || owner.metadata.uid !== ref.uid) states.push({ ref, state: 'absent' });
      else if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(foregroundDeletion)) {
        states.push({ ref, state: 'deleting-foreground' });
      } else states.push({ ref, state: 'present' });
    }
    return states;
  }

  private dependentsOf(owner: KubeObject): [ResourceDefinition, KubeObject][] {
    const uid = owner.metadata.uid ?? '';
    return this.graph.resources().flatMap((d) =>
      this.graph
        .lister(d)
        .byIndex('ownerUid', uid)
        .map((o) => [d, o] as [ResourceDefinition, KubeObject]),
    );
  }

  /** Dependents that point at an owner by name (its uid is unknown once it is gone from the cache). */
  private dependentsNamed(
    ownerDef: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): [ResourceDefinition, KubeObject][] {
    return this.graph.resources().flatMap((d) =>
      this.graph
        .lister(d)
        .list(d.namespaced ? namespace : undefined)
        .filter((o) =>
          (o.metadata.ownerReferences ?? []).some((r) => r.kind === ownerDef.kind && r.name === name),
        )
        .map((o) => [d, o] as [ResourceDefinition, KubeObject]),
    );
  }

  private keyOf(def: ResourceDefinition, object: KubeObject): string {
    return formatGcKey({
      resource: def.plural,
      namespace: object.metadata.namespace,
      name: object.metadata.name!,
    });
  }
}

function foregroundOptions(object: KubeObject) {
  return { propagationPolicy: 'Foreground' as const, preconditions: { uid: object.metadata.uid } };
}
