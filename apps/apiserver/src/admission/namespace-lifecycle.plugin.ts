/**
 * Kubernetes' NamespaceLifecycle admission plugin: nothing is created in a namespace that does
 * not exist or is being terminated (the first plugin of the chain).
 */
import { Inject, Injectable } from '@nestjs/common';
import { NamespaceGuard } from '../registry/namespace.guard';
import { AdmissionAttributes, AdmissionPlugin } from './admission.types';

@Injectable()
export class NamespaceLifecyclePlugin implements AdmissionPlugin {
  readonly name = 'NamespaceLifecycle';

  constructor(@Inject(NamespaceGuard) private readonly namespaces: NamespaceGuard) {}

  async mutate(attrs: AdmissionAttributes): Promise<void> {
    if (attrs.operation !== 'CREATE' || attrs.subresource || !attrs.def.namespaced) return;
    await this.namespaces.assertAcceptsNewObjects(attrs.namespace!);
  }
}
