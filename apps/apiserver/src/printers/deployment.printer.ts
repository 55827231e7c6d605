/** `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE (+ CONTAINERS IMAGES SELECTOR). */
import { Deployment } from '@orchestra/api';
import { since } from './human-duration';
import { selectorString } from './label-format';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';
import { workloadWideCells, workloadWideColumns } from './workload-columns';

export const deploymentPrinter: Printer<Deployment> = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE_COLUMN,
    ...workloadWideColumns(
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
    ),
  ],
  print(d, now) {
    const status = d.status ?? {};
    // spec.replicas defaults to 1 in Kubernetes.
    const desired = d.spec.replicas ?? 1;
    return {
      cells: [
        d.metadata.name ?? '',
        `${status.readyReplicas ?? 0}/${desired}`,
        status.updatedReplicas ?? 0,
        status.availableReplicas ?? 0,
        since(d.metadata.creationTimestamp, now),
        // An empty selector prints as '' here, not <none> (printDeployment: selector.String()).
        ...workloadWideCells(d.spec.template, d.spec.selector, selectorString),
      ],
    };
  },
};
