/**
 * The admission chain the registry runs on every create, update (also of the status) and delete,
 * as kube-apiserver's: all mutating plugins in order, then (after the registry's own validation)
 * all validating plugins in order. The order is the one ADMISSION_PLUGINS lists (see
 * admission-plugins.ts); the first refusal stops the request. Each plugin and each phase is timed
 * in Kubernetes' admission histograms.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AdmissionMetrics, AdmissionPhase } from './admission.metrics';
import { ADMISSION_PLUGINS, AdmissionAttributes, AdmissionPlugin } from './admission.types';

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

@Injectable()
export class AdmissionChain {
  constructor(
    @Inject(ADMISSION_PLUGINS) readonly plugins: readonly AdmissionPlugin[],
    @Optional() @Inject(AdmissionMetrics) private readonly metrics?: AdmissionMetrics,
  ) {}

  /** Mutating phase (Kubernetes' MutationInterface.Admit). */
  mutate(attrs: AdmissionAttributes): Promise<void> {
    return this.run(attrs, 'admit', (plugin) => plugin.mutate?.bind(plugin));
  }

  /** Validating phase (Kubernetes' ValidationInterface.Validate). */
  validate(attrs: AdmissionAttributes): Promise<void> {
    return this.run(attrs, 'validate', (plugin) => plugin.validate?.bind(plugin));
  }

  /** The names of the plugins of each phase, in order (for logs and tests). */
  describe(): { mutating: string[]; validating: string[] } {
    return {
      mutating: this.plugins.filter((p) => p.mutate).map((p) => p.name),
      validating: this.plugins.filter((p) => p.validate).map((p) => p.name),
    };
  }

  private async run(
    attrs: AdmissionAttributes,
    phase: AdmissionPhase,
    step: (plugin: AdmissionPlugin) => ((attrs: AdmissionAttributes) => void | Promise<void>) | undefined,
  ): Promise<void> {
    const phaseStart = process.hrtime.bigint();
    let rejected = false;
    try {
      for (const plugin of this.plugins) {
        const run = step(plugin);
        if (!run) continue;
        const start = process.hrtime.bigint();
        try {
          await run(attrs);
        } catch (error) {
          rejected = true;
          throw error;
        } finally {
          this.metrics?.observePlugin(plugin.name, attrs.operation, phase, rejected, seconds(start));
        }
      }
    } finally {
      this.metrics?.observeStep(attrs.operation, phase, rejected, seconds(phaseStart));
    }
  }
}
