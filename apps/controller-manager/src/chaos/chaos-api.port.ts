/** What the chaos controller asks of the apiserver (ChaosApiAdapter carries it out). */
import { ChaosExperiment, ChaosExperimentStatus, Node, Pod } from '@orchestra/api';

/** A status patch: null clears a field (JSON merge patch). */
export type ChaosStatusPatch = { [K in keyof ChaosExperimentStatus]: ChaosExperimentStatus[K] | null };

export interface ChaosApi {
  /** DELETE with the pod's uid as precondition; gone already is fine. */
  deletePod(pod: Pod, gracePeriodSeconds: number | undefined, traceparent?: string): Promise<void>;
  /** Sets (or with null removes) one annotation on the pod the kubelet acts on. */
  annotatePod(pod: Pod, annotation: string, value: string | null, traceparent?: string): Promise<void>;
  /** Seconds one GET of the experiment through the apiserver took (store-latency's steady state). */
  probeLatencySeconds?(experiment: ChaosExperiment): Promise<number>;
  /** Sets (or with null removes) one annotation on the node, which its kubelet acts on. */
  annotateNode(node: Node, annotation: string, value: string | null, traceparent?: string): Promise<void>;
  /** Cordons (true) or uncordons (false) the node: spec.unschedulable, as kubectl cordon does. */
  setUnschedulable(node: Node, unschedulable: boolean, traceparent?: string): Promise<void>;
  patchStatus(
    experiment: ChaosExperiment,
    status: ChaosStatusPatch,
    traceparent?: string,
  ): Promise<ChaosExperiment>;
}
