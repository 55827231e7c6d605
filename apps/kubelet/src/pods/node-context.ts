/** What a pod worker needs to know about the node a pod runs on: one per simulated node. */
import type { Pod } from '@orchestra/api';
import type { EventRecorder, Lister, ResourceClient } from '@orchestra/client';
import type { ConfigObjectSource } from '../config/config-objects';
import type { PodCidrAllocator } from '../node/pod-cidr.allocator';
import type { ContainerRuntime } from '../runtime/container-runtime';
import type { ClusterNetworkSettings } from './pod-dns';

export interface NodeContext {
  name: string;
  /** The node's InternalIP: every pod's hostIP. */
  address: string;
  runtime: ContainerRuntime;
  ips: PodCidrAllocator;
  /** Events with `source.host` = this node. */
  events: EventRecorder;
  /** The pods bound to this node (the kubelet's informer cache), by `namespace/name`. */
  pods: Pick<Lister<Pod>, 'get'>;
  /** The ConfigMaps and Secrets its pods refer to, read as this node (absent: none can be read). */
  configObjects?: ConfigObjectSource;
  /** Image references pulled on this node, for node.status.images. */
  images: Set<string>;
  /** Pod writes (status, deletion) over this node's own network; the syncer's shared client when absent. */
  podsApi?: ResourceClient<Pod>;
  /** chaos node-partition: the node cannot reach the apiserver (status writes wait for the heal). */
  partitioned?: () => boolean;
  /** Cluster DNS and the route to clusterIPs its pods get (CLUSTER_DNS, CLUSTER_DOMAIN, SERVICE_PROXY_ADDRESS). */
  clusterNetwork?: ClusterNetworkSettings;
  /** chaos node-down: the node is "powered off" (nothing of it syncs, its pods serve nothing). */
  poweredOff?: () => boolean;
}
