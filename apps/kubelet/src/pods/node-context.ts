/** What a pod worker needs to know about the node a pod runs on: one per simulated node. */
import type { Pod } from '@orchestra/api';
import type { EventRecorder, Lister } from '@orchestra/client';
import type { PodCidrAllocator } from '../node/pod-cidr.allocator';
import type { ContainerRuntime } from '../runtime/container-runtime';

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
  /** Image references pulled on this node, for node.status.images. */
  images: Set<string>;
}
