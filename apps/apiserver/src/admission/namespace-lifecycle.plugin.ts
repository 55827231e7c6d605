/**
 * Kubernetes' NamespaceLifecycle admission plugin (the first plugin of the chain): nothing is
 * created in a namespace that does not exist (404 NotFound) or is being terminated (403
 * Forbidden, with the NamespaceTerminating cause controllers look for, as Kubernetes answers).
 */
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '@orchestra/api';
import { NamespaceGuard } from '../registry/namespace.guard';
import { AdmissionAttributes, AdmissionPlugin, admissionForbidden } from './admission.types';

/** Kubernetes' v1.NamespaceTerminatingCause. */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

@Injectable()
export class NamespaceLifecyclePlugin implements AdmissionPlugin {
  readonly name = 'NamespaceLifecycle';

  constructor(@Inject(NamespaceGuard) private readonly namespaces: NamespaceGuard) {}

  async mutate(attrs: AdmissionAttributes): Promise<void> {
    if (attrs.operation !== 'CREATE' || attrs.subresource || !attrs.def.namespaced) return;
    const namespace = attrs.namespace!;
    try {
      await this.namespaces.assertAcceptsNewObjects(namespace);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 403)) throw error;
      const refusal = admissionForbidden(attrs, error.message);
      throw new ApiError(refusal.code, refusal.reason, refusal.message, {
        ...refusal.details,
        causes: [
          {
            reason: NAMESPACE_TERMINATING_CAUSE,
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      });
    }
  }
}
