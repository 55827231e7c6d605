/**
 * `kubectl get daemonsets`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE
 * (+ CONTAINERS IMAGES SELECTOR), as Kubernetes 1.32 prints them.
 */
import { DaemonSet } from '@orchestra/api';
import { since } from './human-duration';
import { formatLabels } from './label-format';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';
import { workloadWideCells, workloadWideColumns } from './workload-columns';

export const daemonSetPrinter: Printer<DaemonSet> = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    column('Current', 'integer', 'The number of nodes running at least one daemon pod and are supposed to.'),
    column(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
    ),
    column(
      'Node Selector',
      'string',
      'NodeSelector is a selector which must be true for the pod to fit on a node.',
    ),
    AGE_COLUMN,
    ...workloadWideColumns('A label query over pods that are managed by the daemon set.'),
  ],
  print(ds, now) {
    const status = ds.status;
    return {
      cells: [
        ds.metadata.name ?? '',
        status?.desiredNumberScheduled ?? 0,
        status?.currentNumberScheduled ?? 0,
        status?.numberReady ?? 0,
        status?.updatedNumberScheduled ?? 0,
        status?.numberAvailable ?? 0,
        formatLabels(ds.spec.template?.spec?.nodeSelector),
        since(ds.metadata.creationTimestamp, now),
        ...workloadWideCells(ds.spec.template, ds.spec.selector),
      ],
    };
  },
};
