/**
 * Kubernetes' ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount), its
 * defaulting part: a pod created without spec.serviceAccountName runs as the namespace's
 * `default` ServiceAccount (made by the serviceaccount controller). Orchestra mounts no token
 * volumes, and does not refuse a pod whose account does not exist yet (Kubernetes does).
 */
import { Injectable } from '@nestjs/common';
import { Pod } from '@orchestra/api';
import { AdmissionAttributes, AdmissionPlugin } from './admission.types';

export const DEFAULT_SERVICE_ACCOUNT = 'default';

@Injectable()
export class ServiceAccountPlugin implements AdmissionPlugin {
  readonly name = 'ServiceAccount';

  mutate({ operation, def, subresource, object }: AdmissionAttributes): void {
    if (operation !== 'CREATE' || def.group !== '' || def.kind !== 'Pod' || subresource || !object) return;
    const spec = (object as unknown as Pod).spec;
    if (!spec || typeof spec !== 'object') return; // validation reports it
    if (!spec.serviceAccountName) spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT;
  }
}
