/** The Endpoints controller's API port, carried out with the typed client. */
import { builtinResources, Endpoints, ResourceDefinition } from '@orchestra/api';
import { ApiClient, ResourceClient } from '@orchestra/client';
import { EndpointsApi } from '../endpoints/endpoints-api.port';

const endpointsDefinition = builtinResources.find((d) => d.kind === 'Endpoints') as ResourceDefinition;

export class EndpointsApiAdapter implements EndpointsApi {
  private readonly endpoints: ResourceClient<Endpoints>;

  constructor(client: ApiClient) {
    this.endpoints = client.resource<Endpoints>(endpointsDefinition);
  }

  create(endpoints: Endpoints): Promise<Endpoints> {
    return this.endpoints.create(endpoints);
  }

  update(endpoints: Endpoints): Promise<Endpoints> {
    return this.endpoints.update(endpoints);
  }

  async delete(namespace: string, name: string): Promise<void> {
    await this.endpoints.delete(name, namespace);
  }
}
