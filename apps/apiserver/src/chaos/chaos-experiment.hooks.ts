/**
 * Admission of ChaosExperiments: refused with 403 when chaos is switched off (CHAOS_ENABLED=false),
 * and stamped with who asked (chaos.orchestra.dev/requested-by), so every injection the
 * controller logs names its requester. An annotation the client set itself is kept.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, CHAOS_REQUESTED_BY_ANNOTATION, KubeObject } from '@orchestra/api';
import { ApiserverConfig } from '../apiserver.config';
import { ObjectHooks } from '../registry/object-hooks';
import { RequestContext } from '../registry/request-context';

export const chaosDisabledMessage =
  'chaos experiments are switched off on this cluster (the apiserver runs with CHAOS_ENABLED=false)';

@Injectable()
export class ChaosExperimentHooks implements ObjectHooks {
  constructor(@Inject(ApiserverConfig) private readonly config: ApiserverConfig) {}

  admit(object: KubeObject, ctx: RequestContext): void {
    if (!this.config.chaosEnabled) throw ApiError.forbidden(chaosDisabledMessage);
    const annotations = (object.metadata.annotations ??= {});
    annotations[CHAOS_REQUESTED_BY_ANNOTATION] ??= ctx.requester ?? 'unknown';
  }

  async reserve(): Promise<void> {}

  async release(): Promise<void> {}

  /** A replace (PUT) that drops the annotation keeps the recorded requester. */
  carryOver(next: KubeObject, current: KubeObject): void {
    const requester = current.metadata.annotations?.[CHAOS_REQUESTED_BY_ANNOTATION];
    if (!requester || next.metadata.annotations?.[CHAOS_REQUESTED_BY_ANNOTATION]) return;
    next.metadata.annotations = { ...next.metadata.annotations, [CHAOS_REQUESTED_BY_ANNOTATION]: requester };
  }
}
