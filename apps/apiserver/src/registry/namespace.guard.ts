/**
 * Kubernetes' NamespaceLifecycle admission: nothing is created in a namespace that does not exist
 * or is being terminated.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, builtinResources, Namespace, ResourceDefinition } from '@orchestra/api';
import { RedisStore } from '@orchestra/store';

export const namespaceDefinition = builtinResources.find((d) => d.kind === 'Namespace') as ResourceDefinition;

@Injectable()
export class NamespaceGuard {
  constructor(@Inject(RedisStore) private readonly store: RedisStore) {}

  async assertAcceptsNewObjects(namespace: string): Promise<void> {
    const object = (await this.store.get(namespaceDefinition, undefined, namespace)) as Namespace | undefined;
    if (!object) throw ApiError.notFound({ group: '', resource: 'namespaces' }, namespace);
    if (object.metadata.deletionTimestamp || object.status?.phase === 'Terminating') {
      throw ApiError.forbidden(
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }
}
