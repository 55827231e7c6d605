/** What the garbage collector needs from the world; the wiring implements it with the API client and informers. */
import { DeleteOptions, KubeObject, ResourceDefinition } from '@orchestra/api';
import { Lister } from '@orchestra/client';

export interface GarbageCollectorApi {
  /** A live read, past the caches: an owner missing from a cache may just not have arrived yet. */
  get(def: ResourceDefinition, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  /** Deletes with the given propagation and a uid precondition; a 404 is success. */
  delete(def: ResourceDefinition, object: KubeObject, options: DeleteOptions): Promise<void>;
  removeFinalizer(def: ResourceDefinition, object: KubeObject, finalizer: string): Promise<void>;
  removeOwnerReference(def: ResourceDefinition, object: KubeObject, ownerUid: string): Promise<void>;
}

export interface GarbageCollectorGraph {
  /** Definitions of every resource the collector watches (owners and dependents). */
  resources(): ResourceDefinition[];
  lister(def: ResourceDefinition): Lister;
}
