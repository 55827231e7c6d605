/** The runtime each simulated node gets: Orchestra's in-memory containerd, one per node. */
import type { RuntimeFactory } from './kubelet';
import { SimulatedRuntime } from './runtime/simulated-runtime';

export const simulatedRuntimeFactory: RuntimeFactory = (node, timeScale) =>
  new SimulatedRuntime({ timeScale, nodeName: node.name });
