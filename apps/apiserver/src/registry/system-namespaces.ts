/** The namespaces every Kubernetes cluster has from the start; created idempotently at boot. */
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ApiError } from '@orchestra/api';
import { namespaceDefinition } from './namespace.guard';
import { ResourceRegistry } from './resource.registry';

export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

@Injectable()
export class SystemNamespaces implements OnApplicationBootstrap {
  constructor(@Inject(ResourceRegistry) private readonly registry: ResourceRegistry) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const name of systemNamespaces) {
      try {
        await this.registry.create(
          namespaceDefinition,
          undefined,
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
          { dryRun: false, now: new Date() },
        );
      } catch (error) {
        if (!(error instanceof ApiError && error.reason === 'AlreadyExists')) throw error;
      }
    }
  }
}
