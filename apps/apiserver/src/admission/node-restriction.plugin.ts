/**
 * Kubernetes' NodeRestriction admission plugin (plugin/pkg/admission/noderestriction), in its
 * validating phase: a kubelet (`system:node:<name>` in system:nodes) may only write its own Node
 * (and nodes/status), its own Lease in kube-node-lease, the status of pods bound to it, delete
 * pods bound to it, and create mirror pods bound to it; it may record Events. Anything else is
 * 403 Forbidden in Kubernetes' words (Kubernetes leaves other resources to the Node authorizer;
 * here the plugin refuses them too, so a kubelet identity is contained even under a permissive
 * authorizer). One exception of Orchestra's: the component chaos agent in the kubelet process
 * patches annotations of ChaosExperiments, so updates of those pass.
 */
import { Injectable } from '@nestjs/common';
import { Pod } from '@orchestra/api';
import { nodeNameOf } from '../authentication/user-info';
import {
  AdmissionAttributes,
  AdmissionPlugin,
  admissionForbidden,
  qualifiedResource,
} from './admission.types';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

@Injectable()
export class NodeRestrictionPlugin implements AdmissionPlugin {
  readonly name = 'NodeRestriction';

  validate(attrs: AdmissionAttributes): void {
    const node = attrs.user && nodeNameOf(attrs.user);
    if (!node) return;
    const reason = refusal(node, attrs);
    if (reason) throw admissionForbidden(attrs, reason);
  }
}

/** Why the node may not make this write, or undefined when it may. */
export function refusal(node: string, attrs: AdmissionAttributes): string | undefined {
  const { def, subresource, operation } = attrs;
  const resource = qualifiedResource(def);
  const name = attrs.name || attrs.object?.metadata.name || '';
  switch (resource) {
    case 'pods':
      return podRefusal(node, attrs);
    case 'nodes':
      return name === node ? undefined : `node "${node}" is not allowed to modify node "${name}"`;
    case 'leases.coordination.k8s.io':
      if (attrs.namespace !== NODE_LEASE_NAMESPACE)
        return `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`;
      return name === node
        ? undefined
        : 'can only access node lease with the same name as the requesting node';
    case 'events':
    case 'events.events.k8s.io':
      return undefined;
    case 'chaosexperiments.chaos.orchestra.dev':
      if (operation === 'UPDATE' && !subresource) return undefined;
      break;
  }
  const target = subresource ? `${resource}/${subresource}` : resource;
  return `node "${node}" is not allowed to ${operation.toLowerCase()} ${target}`;
}

function podRefusal(node: string, attrs: AdmissionAttributes): string | undefined {
  const { operation, subresource } = attrs;
  const stored = attrs.oldObject as unknown as Pod | undefined;
  const incoming = attrs.object as unknown as Pod | undefined;
  if (subresource === 'status') {
    if (operation !== 'UPDATE') return `unexpected operation "${operation}"`;
    if (stored?.spec?.nodeName !== node)
      return `node "${node}" can only update pod status for pods with spec.nodeName set to itself`;
    return undefined;
  }
  if (subresource === 'eviction') {
    if (stored?.spec?.nodeName !== node)
      return `node ${node} can only evict pods with spec.nodeName set to itself`;
    return undefined;
  }
  if (subresource) return `node "${node}" is not allowed to ${operation.toLowerCase()} pods/${subresource}`;
  switch (operation) {
    case 'CREATE':
      if (!incoming?.metadata.annotations?.[MIRROR_POD_ANNOTATION])
        return `pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node "${node}" can only create mirror pods`;
      if (incoming.spec?.nodeName !== node)
        return `node "${node}" can only create pods with spec.nodeName set to itself`;
      return undefined;
    case 'DELETE':
      if (stored?.spec?.nodeName !== node)
        return `node "${node}" can only delete pods with spec.nodeName set to itself`;
      return undefined;
    default:
      return `unexpected operation "${operation}", node "${node}" can only create and delete mirror pods`;
  }
}
