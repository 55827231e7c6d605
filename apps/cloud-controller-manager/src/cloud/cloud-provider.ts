/**
 * What the cloud controllers ask of a cloud: Kubernetes' cloudprovider.Interface, cut to the
 * parts a simulated cloud has (Instances, LoadBalancer) plus the cluster autoscaler's node
 * groups (cluster-autoscaler's cloudprovider.NodeGroup). The controllers see only this.
 */

/** A machine of the cloud. In Orchestra its Node is a simulated node the kubelet boots for it. */
export interface CloudInstance {
  /** `i-` and 12 hex digits; the Node's spec.providerID is `orchestra://<id>`. */
  id: string;
  /** The node name its kubelet registers (a slot of the node group: `pool-node-3`). */
  nodeName: string;
  nodeGroup: string;
  region: string;
  zone: string;
  instanceType: string;
  /** What the instance type gives the node (its capacity, all of it allocatable). */
  capacity: { cpu: string; memory: string; pods: string };
  /** RFC 3339. */
  launchedAt: string;
}

/** A cloud load balancer: one external address in front of one Service. */
export interface CloudLoadBalancer {
  /** The Service's uid-derived name, as Kubernetes' GetLoadBalancerName (`a` + uid without dashes). */
  name: string;
  /** The Service it serves, `namespace/name`, for people reading the cloud's state. */
  service: string;
  ip: string;
  createdAt: string;
}

/** A node group's shape: what a new node of it would look like, for the autoscaler's fit check. */
export interface NodeGroupTemplate {
  labels: Record<string, string>;
  capacity: { cpu: string; memory: string; pods: string };
}

export interface NodeGroup {
  name: string;
  minSize: number;
  maxSize: number;
  template: NodeGroupTemplate;
}

export interface Instances {
  /** The instance behind a providerID, or undefined when it does not exist (any more). */
  instanceByProviderID(providerID: string): Promise<CloudInstance | undefined>;
  list(): Promise<CloudInstance[]>;
  /** Terminates an instance (a user, chaos, or the autoscaler's DeleteNodes): it is gone at once. */
  terminate(id: string): Promise<CloudInstance | undefined>;
}

export interface LoadBalancers {
  get(name: string): Promise<CloudLoadBalancer | undefined>;
  /** Creates the load balancer, or returns the existing one: idempotent, as EnsureLoadBalancer. */
  ensure(name: string, service: string): Promise<CloudLoadBalancer>;
  /** Deletes it and frees its address; nothing to do when it does not exist. */
  ensureDeleted(name: string): Promise<void>;
  list(): Promise<CloudLoadBalancer[]>;
}

export interface NodeGroups {
  groups(): NodeGroup[];
  /** The group's instances. */
  instances(group: string): Promise<CloudInstance[]>;
  /** Launches `delta` instances in the group (never past maxSize); returns them. */
  increaseSize(group: string, delta: number): Promise<CloudInstance[]>;
}

export interface CloudProvider {
  readonly providerName: string;
  instances: Instances;
  loadBalancers: LoadBalancers;
  nodeGroups: NodeGroups;
}

/** Kubernetes' `<provider>://<id>` provider IDs. */
export const PROVIDER_NAME = 'orchestra';

export function providerIdOf(instanceId: string): string {
  return `${PROVIDER_NAME}://${instanceId}`;
}

/** The instance id in a providerID of this cloud, undefined for another cloud's (or none). */
export function instanceIdOf(providerID: string | undefined): string | undefined {
  const prefix = `${PROVIDER_NAME}://`;
  return providerID?.startsWith(prefix) ? providerID.slice(prefix.length) : undefined;
}
