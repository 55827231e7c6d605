/**
 * The admission chain the registry runs on every create, update (also of the status) and delete,
 * as kube-apiserver's: all mutating plugins in order, then (after the registry's own validation)
 * all validating plugins in order. The order is the one ADMISSION_PLUGINS lists (see
 * admission-plugins.ts); the first refusal stops the request.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ADMISSION_PLUGINS, AdmissionAttributes, AdmissionPlugin } from './admission.types';

@Injectable()
export class AdmissionChain {
  constructor(@Inject(ADMISSION_PLUGINS) readonly plugins: readonly AdmissionPlugin[]) {}

  /** Mutating phase (Kubernetes' MutationInterface.Admit). */
  async mutate(attrs: AdmissionAttributes): Promise<void> {
    for (const plugin of this.plugins) if (plugin.mutate) await plugin.mutate(attrs);
  }

  /** Validating phase (Kubernetes' ValidationInterface.Validate). */
  async validate(attrs: AdmissionAttributes): Promise<void> {
    for (const plugin of this.plugins) if (plugin.validate) await plugin.validate(attrs);
  }

  /** The names of the plugins of each phase, in order (for logs and tests). */
  describe(): { mutating: string[]; validating: string[] } {
    return {
      mutating: this.plugins.filter((p) => p.mutate).map((p) => p.name),
      validating: this.plugins.filter((p) => p.validate).map((p) => p.name),
    };
  }
}
