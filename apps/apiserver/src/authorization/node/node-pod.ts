/**
 * The rule the Node authorizer and the NodeRestriction admission plugin share: a kubelet may
 * only change (status, delete) the pods bound to its own node.
 */
import { KubeObject } from '@orchestra/api';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export function nodeMayModifyPod(nodeName: string, pod: Pick<KubeObject, 'spec'> | undefined): boolean {
  const spec = pod?.spec as { nodeName?: string } | undefined;
  return !!spec?.nodeName && spec.nodeName === nodeName;
}
