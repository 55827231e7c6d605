/**
 * How each action injects its fault into a target pod and takes it back. Node and control-plane
 * actions (later sessions) add entries here; the reconciler only knows this interface.
 *  - pod-kill: DELETE the pod (spec.gracePeriodSeconds; 0 removes it at once). Nothing to undo.
 *  - container-kill: the kubelet kills the containers (annotation, see @orchestra/api). Nothing to undo.
 *  - pod-failure: the kubelet holds the containers down until the end time written in the
 *    annotation; recovery removes it early. The end time is the safety net: pods come back even if
 *    the controller-manager is gone when the duration ends.
 *  - cpu-stress, memory-stress: the kubelet adds the load to the usage of the containers that were
 *    running at injection (annotation with the run's start and end, see @orchestra/api), so the
 *    metrics show it and a memory limit OOM-kills; recovery removes it early, the end time is the
 *    safety net.
 *  - http-fault: the proxy delays or fails requests for the Service while the run is Injected
 *    (and never past injectedAt + duration).
 *  - store-latency: the apiserver slows its store calls while the run is Injected (and never past
 *    injectedAt + duration), reading the experiment from its own change feed.
 *  - queue-stall: the component's work-queue loops stop taking jobs while the run is Injected (and
 *    never past injectedAt + duration), reading the experiment through their informer.
 *  - component-kill, component-pause: the hit process reads the experiment through its own
 *    informer (ComponentChaosAgent in @orchestra/client), SIGKILLs or SIGSTOPs itself, and reports
 *    back on the experiment once it works again.
 */
import {
  ChaosAction,
  ChaosExperiment,
  NodeChaosAction,
  CONTAINER_KILL_ANNOTATION,
  CPU_STRESS_ANNOTATION,
  formatStressDirective,
  MEMORY_STRESS_ANNOTATION,
  parseQuantity,
  ResourceQuantity,
  formatPodChaosDirective,
  parseGoDuration,
  Pod,
  POD_FAILURE_ANNOTATION,
} from '@orchestra/api';
import { ChaosApi } from './chaos-api.port';

export interface ChaosActionContext {
  api: ChaosApi;
  experiment: ChaosExperiment;
  now: number;
  traceparent?: string;
}

export interface ChaosActionHandler {
  inject(pod: Pod, ctx: ChaosActionContext): Promise<void>;
  recover(pod: Pod, ctx: ChaosActionContext): Promise<void>;
}

const nothingToUndo = async (): Promise<void> => undefined;

/** Node actions (node-drain) have handlers of their own: see node-actions.ts. */
export const chaosActionHandlers: Record<Exclude<ChaosAction, NodeChaosAction>, ChaosActionHandler> = {
  'pod-kill': {
    inject: (pod, { api, experiment, traceparent }) =>
      api.deletePod(pod, experiment.spec.gracePeriodSeconds, traceparent),
    recover: nothingToUndo,
  },
  'container-kill': {
    inject: (pod, { api, experiment, now, traceparent }) =>
      api.annotatePod(
        pod,
        CONTAINER_KILL_ANNOTATION,
        formatPodChaosDirective(new Date(now), experiment.spec.containerNames),
        traceparent,
      ),
    recover: nothingToUndo,
  },
  'pod-failure': {
    inject: (pod, { api, experiment, now, traceparent }) =>
      api.annotatePod(
        pod,
        POD_FAILURE_ANNOTATION,
        formatPodChaosDirective(new Date(now + durationMs(experiment)), experiment.spec.containerNames),
        traceparent,
      ),
    recover: (pod, { api, traceparent }) => api.annotatePod(pod, POD_FAILURE_ANNOTATION, null, traceparent),
  },
  'cpu-stress': stressHandler(CPU_STRESS_ANNOTATION, (q) => q.toMilli(), 'cpu'),
  'memory-stress': stressHandler(MEMORY_STRESS_ANNOTATION, (q) => q.value(), 'memory'),
  // The proxy reads the experiment itself (its informer) and disturbs the Service's traffic while
  // the run is Injected: nothing to write on the target.
  'http-fault': { inject: nothingToUndo, recover: nothingToUndo },
  'store-latency': { inject: nothingToUndo, recover: nothingToUndo },
  'queue-stall': { inject: nothingToUndo, recover: nothingToUndo },
  'component-kill': { inject: nothingToUndo, recover: nothingToUndo },
  'component-pause': { inject: nothingToUndo, recover: nothingToUndo },
};

function stressHandler(
  annotation: string,
  amountOf: (quantity: ResourceQuantity) => number,
  field: 'cpu' | 'memory',
): ChaosActionHandler {
  return {
    inject: (pod, { api, experiment, now, traceparent }) =>
      api.annotatePod(
        pod,
        annotation,
        formatStressDirective(
          new Date(now),
          new Date(now + durationMs(experiment)),
          Math.ceil(amountOf(parseQuantity(experiment.spec.stress?.[field] ?? '0'))),
          experiment.spec.containerNames,
        ),
        traceparent,
      ),
    recover: (pod, { api, traceparent }) => api.annotatePod(pod, annotation, null, traceparent),
  };
}

export const durationMs = (experiment: ChaosExperiment): number =>
  parseGoDuration(experiment.spec.duration ?? '0s') ?? 0;
