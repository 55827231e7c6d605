/**
 * The cloud-node controller (k8s.io/cloud-provider controllers/node): a Node registered by a
 * kubelet with an external cloud provider carries the `node.cloudprovider.kubernetes.io/uninitialized`
 * taint; this controller asks the cloud about its instance, sets spec.providerID (if the kubelet
 * did not) and the topology labels (region, zone, instance type), then removes the taint so the
 * scheduler places pods on it. Nodes the cloud does not know (no `orchestra://` providerID and no
 * instance by that name) are someone else's and left alone.
 */
import { ApiError, type Node, type Taint } from '@orchestra/api';
import type { Lister, ResourceClient } from '@orchestra/client';
import type { Reconciler } from '@orchestra/queues';
import type { CloudInstance, CloudProvider } from '../cloud/cloud-provider';
import { providerIdOf } from '../cloud/cloud-provider';

export const UNINITIALIZED_TAINT_KEY = 'node.cloudprovider.kubernetes.io/uninitialized';

export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';

/** The labels and providerID a Node of this instance carries once initialised. */
export function cloudLabels(instance: CloudInstance): Record<string, string> {
  return {
    [LABEL_REGION]: instance.region,
    [LABEL_ZONE]: instance.zone,
    [LABEL_INSTANCE_TYPE]: instance.instanceType,
  };
}

export function isUninitialized(node: Node): boolean {
  return (node.spec?.taints ?? []).some((t: Taint) => t.key === UNINITIALIZED_TAINT_KEY);
}

export class CloudNodeReconciler implements Reconciler {
  readonly name = 'cloud-node';

  constructor(
    private readonly nodes: Lister<Node>,
    private readonly nodesApi: ResourceClient<Node>,
    private readonly cloud: CloudProvider,
  ) {}

  async reconcile(key: string): Promise<void> {
    const node = this.nodes.get(key);
    if (!node || node.metadata.deletionTimestamp) return;
    const instance = await this.instanceOf(node);
    if (!instance) return; // not this cloud's, or already gone (cloud-node-lifecycle's business)
    const labels = { ...node.metadata.labels, ...cloudLabels(instance) };
    const taints = (node.spec?.taints ?? []).filter((t) => t.key !== UNINITIALIZED_TAINT_KEY);
    const providerID = node.spec?.providerID || providerIdOf(instance.id);
    const unchanged =
      JSON.stringify(labels) === JSON.stringify(node.metadata.labels ?? {}) &&
      taints.length === (node.spec?.taints ?? []).length &&
      providerID === node.spec?.providerID;
    if (unchanged) return;
    try {
      await this.nodesApi.update({
        ...node,
        metadata: { ...node.metadata, labels },
        spec: { ...node.spec, providerID, taints: taints.length ? taints : undefined },
      });
    } catch (error) {
      // Gone meanwhile: nothing to initialise. A conflict is retried from the newer cache.
      if (error instanceof ApiError && error.code === 404) return;
      throw error;
    }
  }

  private async instanceOf(node: Node): Promise<CloudInstance | undefined> {
    if (node.spec?.providerID) return this.cloud.instances.instanceByProviderID(node.spec.providerID);
    // A kubelet that did not set --provider-id: the cloud is asked by node name, as InstanceID(nodeName).
    return (await this.cloud.instances.list()).find((i) => i.nodeName === node.metadata.name);
  }
}
