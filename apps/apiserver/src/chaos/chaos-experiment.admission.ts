/**
 * Admission of ChaosExperiments (a mutating plugin of Orchestra's own): refused with 403 when
 * chaos is switched off (CHAOS_ENABLED=false), and stamped with who asked
 * (chaos.orchestra.dev/requested-by), so every injection the controller logs names its requester.
 * An annotation the client set itself is kept; a replace (PUT) that drops it keeps the recorded one.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, CHAOS_REQUESTED_BY_ANNOTATION } from '@orchestra/api';
import { AdmissionAttributes, AdmissionPlugin } from '../admission/admission.types';
import { ApiserverConfig } from '../apiserver.config';

export const chaosDisabledMessage =
  'chaos experiments are switched off on this cluster (the apiserver runs with CHAOS_ENABLED=false)';

@Injectable()
export class ChaosExperimentAdmission implements AdmissionPlugin {
  readonly name = 'ChaosExperiment';

  constructor(@Inject(ApiserverConfig) private readonly config: ApiserverConfig) {}

  mutate({ operation, def, subresource, object, oldObject, ctx }: AdmissionAttributes): void {
    if (def.group !== 'chaos.orchestra.dev' || def.kind !== 'ChaosExperiment' || subresource || !object)
      return;
    if (operation === 'CREATE') {
      if (!this.config.chaosEnabled) throw ApiError.forbidden(chaosDisabledMessage);
      const annotations = (object.metadata.annotations ??= {});
      annotations[CHAOS_REQUESTED_BY_ANNOTATION] ??= ctx.requester ?? 'unknown';
    } else if (operation === 'UPDATE') {
      const requester = oldObject?.metadata.annotations?.[CHAOS_REQUESTED_BY_ANNOTATION];
      if (!requester || object.metadata.annotations?.[CHAOS_REQUESTED_BY_ANNOTATION]) return;
      object.metadata.annotations = {
        ...object.metadata.annotations,
        [CHAOS_REQUESTED_BY_ANNOTATION]: requester,
      };
    }
  }
}
