/** The namespace controller's API port, carried out with the typed client. */
import { builtinResources, Namespace, ResourceDefinition } from '@orchestra/api';
import { ApiClient } from '@orchestra/client';
import { NamespaceApi } from '../namespace/namespace.reconciler';

const namespaceDefinition = builtinResources.find((d) => d.kind === 'Namespace') as ResourceDefinition;

export class NamespaceApiAdapter implements NamespaceApi {
  constructor(private readonly client: ApiClient) {}

  async deleteCollection(def: ResourceDefinition, namespace: string): Promise<void> {
    await this.client.resource(def).deleteCollection({ namespace }, { propagationPolicy: 'Background' });
  }

  async countRemaining(def: ResourceDefinition, namespace: string): Promise<number> {
    return (await this.client.resource(def).list({ namespace, limit: 1 })).items.length;
  }

  async finalize(namespace: Namespace, finalizers: string[]): Promise<void> {
    const namespaces = this.client.resource<Namespace>(namespaceDefinition);
    await namespaces.updateSubresource({ ...namespace, spec: { ...namespace.spec, finalizers } }, 'finalize');
  }
}
