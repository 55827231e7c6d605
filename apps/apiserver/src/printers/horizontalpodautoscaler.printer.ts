/**
 * `kubectl get hpa`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE, as Kubernetes 1.32
 * (printers.go printHorizontalPodAutoscaler, formatHPAMetrics): TARGETS is `cpu: 34%/50%` per
 * metric, `<unknown>` for a value not measured yet, and `+ N more...` past the fourth.
 */
import { HorizontalPodAutoscaler } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';

const MAX_LISTED_METRICS = 4;

export function formatHpaTargets(hpa: HorizontalPodAutoscaler): string {
  const specs = hpa.spec.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const list = specs.slice(0, MAX_LISTED_METRICS).map((spec, i) => {
    const status = statuses[i]?.resource;
    const resource = spec.resource;
    if (spec.type !== 'Resource' || !resource) return '<unknown>/<unknown>';
    const target = resource.target;
    if (target.averageValue !== undefined) {
      return `${resource.name}: ${status?.current.averageValue ?? '<unknown>'}/${target.averageValue}`;
    }
    const current =
      status?.current.averageUtilization !== undefined
        ? `${status.current.averageUtilization}%`
        : '<unknown>';
    const wanted = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
    return `${resource.name}: ${current}/${wanted}`;
  });
  const more = specs.length - MAX_LISTED_METRICS;
  return more > 0 ? `${list.join(', ')} + ${more} more...` : list.join(', ');
}

export const horizontalPodAutoscalerPrinter: Printer<HorizontalPodAutoscaler> = {
  columns: [
    NAME_COLUMN,
    column(
      'Reference',
      'string',
      'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.',
    ),
    column(
      'Targets',
      'string',
      'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).',
    ),
    column(
      'MinPods',
      'string',
      'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.',
    ),
    column(
      'MaxPods',
      'string',
      'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.',
    ),
    column(
      'Replicas',
      'string',
      'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.',
    ),
    AGE_COLUMN,
  ],
  print(hpa, now) {
    const ref = hpa.spec.scaleTargetRef;
    return {
      cells: [
        hpa.metadata.name ?? '',
        `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
        formatHpaTargets(hpa),
        hpa.spec.minReplicas ?? '<unset>',
        hpa.spec.maxReplicas,
        hpa.status?.currentReplicas ?? 0,
        since(hpa.metadata.creationTimestamp, now),
      ],
    };
  },
};
