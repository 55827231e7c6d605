/** `kubectl get replicasets`: NAME DESIRED CURRENT READY AGE (+ CONTAINERS IMAGES SELECTOR). */
import { ReplicaSet } from '@orchestra/api';
import { since } from './human-duration';
import { formatLabelSelector } from './label-format';
import {
  AGE_COLUMN,
  column,
  CONTAINERS_COLUMN,
  containerCells,
  IMAGES_COLUMN,
  NAME_COLUMN,
  Printer,
  wide,
} from './printer';

export const replicaSetPrinter: Printer<ReplicaSet> = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Replicas is the number of desired pods.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide('Selector', 'Selector is a label query over pods that should match the replica count.'),
  ],
  print(rs, now) {
    return {
      cells: [
        rs.metadata.name ?? '',
        rs.spec.replicas ?? 1,
        rs.status?.replicas ?? 0,
        rs.status?.readyReplicas ?? 0,
        since(rs.metadata.creationTimestamp, now),
        ...containerCells(rs.spec.template?.spec?.containers),
        formatLabelSelector(rs.spec.selector),
      ],
    };
  },
};
