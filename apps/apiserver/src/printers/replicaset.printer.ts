/** `kubectl get replicasets`: NAME DESIRED CURRENT READY AGE (+ CONTAINERS IMAGES SELECTOR). */
import { ReplicaSet } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';
import { workloadWideCells, workloadWideColumns } from './workload-columns';

export const replicaSetPrinter: Printer<ReplicaSet> = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Replicas is the number of desired pods.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE_COLUMN,
    ...workloadWideColumns('Selector is a label query over pods that should match the replica count.'),
  ],
  print(rs, now) {
    return {
      cells: [
        rs.metadata.name ?? '',
        rs.spec.replicas ?? 1,
        rs.status?.replicas ?? 0,
        rs.status?.readyReplicas ?? 0,
        since(rs.metadata.creationTimestamp, now),
        ...workloadWideCells(rs.spec.template, rs.spec.selector),
      ],
    };
  },
};
