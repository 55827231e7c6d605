/**
 * component-kill and component-pause as the components see them, through their own informer on
 * ChaosExperiments (nothing needs to know where a component runs): a run hits a component while
 * the chaos controller has it Injected (a kill also while Recovering, in case the Injected event
 * was missed) and its `status.affected` names that component, or, for a kubelet, one of its nodes.
 *
 * A hit process reports that it is back, and doing its job again, by annotating the experiment:
 * `back.chaos.orchestra.dev/<component or node>: <run>@<RFC 3339 time>`. The chaos controller
 * counts the fault as landed and over only once every affected component has reported for the run.
 */
import type { ChaosAffectedObject, ChaosComponent, ChaosExperiment } from './chaos.types';
import { isComponentChaosAction } from './chaos.types';
import { parseGoDuration } from './go-duration';

export const COMPONENT_BACK_ANNOTATION_PREFIX = 'back.chaos.orchestra.dev/';

export interface ComponentFault {
  /** `namespace/name` of the experiment. */
  experiment: string;
  uid: string;
  run: number;
  action: 'component-kill' | 'component-pause';
  injectedAt: number;
  /** When a pause ends (ms since the epoch); injectedAt for a kill. */
  until: number;
  /** The names this process answers to in status.affected and in its back report. */
  targets: string[];
}

/**
 * The fault a run puts on this process, if any: `names` are what the process answers to (its
 * component name, or a kubelet's node names).
 */
export function componentFaultFor(
  experiment: ChaosExperiment,
  component: ChaosComponent,
  names: readonly string[],
): ComponentFault | undefined {
  const { spec, status, metadata } = experiment;
  if (!isComponentChaosAction(spec.action) || spec.component !== component || spec.dryRun) return undefined;
  const phase = status?.phase;
  const inForce = phase === 'Injected' || (spec.action === 'component-kill' && phase === 'Recovering');
  if (!inForce) return undefined;
  const injectedAt = Date.parse(status?.injectedAt ?? '');
  if (Number.isNaN(injectedAt)) return undefined;
  const targets = (status?.affected ?? []).map((a) => a.name).filter((name) => names.includes(name));
  if (targets.length === 0) return undefined;
  const duration = spec.action === 'component-pause' ? (parseGoDuration(spec.duration ?? '0s') ?? 0) : 0;
  return {
    experiment: `${metadata.namespace}/${metadata.name}`,
    uid: metadata.uid ?? '',
    run: status?.runs ?? 0,
    action: spec.action,
    injectedAt,
    until: injectedAt + duration,
    targets,
  };
}

export const componentBackAnnotation = (name: string): string => COMPONENT_BACK_ANNOTATION_PREFIX + name;

export const formatComponentBack = (run: number, at: Date): string => `${run}@${at.toISOString()}`;

/** When the affected component reported back for this run (ms since the epoch), if it did. */
export function componentBackAt(
  experiment: ChaosExperiment,
  target: Pick<ChaosAffectedObject, 'name'>,
): number | undefined {
  const value = experiment.metadata.annotations?.[componentBackAnnotation(target.name)];
  const match = value && /^(\d+)@(.+)$/.exec(value);
  if (!match || Number(match[1]) !== (experiment.status?.runs ?? 0)) return undefined;
  const at = Date.parse(match[2]);
  return Number.isNaN(at) ? undefined : at;
}
