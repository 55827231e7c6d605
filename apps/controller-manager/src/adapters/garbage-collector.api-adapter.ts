/** The garbage collector's API port, carried out with the typed client. */
import { ApiError, DeleteOptions, KubeObject, ResourceDefinition } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { GarbageCollectorApi } from '../garbage-collector/garbage-collector.ports';

export class GarbageCollectorApiAdapter implements GarbageCollectorApi {
  constructor(private readonly client: ApiClient) {}

  async get(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined> {
    return this.client
      .resource(def)
      .get(name, namespace)
      .catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
  }

  async delete(def: ResourceDefinition, object: KubeObject, options: DeleteOptions): Promise<void> {
    await this.client
      .resource(def)
      .delete(object.metadata.name!, object.metadata.namespace, options)
      .catch(ignoreNotFound);
  }

  async removeFinalizer(def: ResourceDefinition, object: KubeObject, finalizer: string): Promise<void> {
    const finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    await this.patchMetadata(def, object, { finalizers });
  }

  async removeOwnerReference(def: ResourceDefinition, object: KubeObject, ownerUid: string): Promise<void> {
    const ownerReferences = (object.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
    await this.patchMetadata(def, object, { ownerReferences });
  }

  /** A JSON merge patch guarded by the resourceVersion we decided on: a 409 retries the reconcile. */
  private async patchMetadata(
    def: ResourceDefinition,
    object: KubeObject,
    fields: Record<string, unknown>,
  ): Promise<void> {
    await this.client
      .resource(def)
      .patch(
        object.metadata.name!,
        object.metadata.namespace,
        { metadata: { ...fields, resourceVersion: object.metadata.resourceVersion } },
        'merge',
      )
      .catch(ignoreNotFound);
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.code === 404;
}

function ignoreNotFound(error: unknown): void {
  if (!isNotFound(error)) throw error;
}
