/**
 * `kubectl get statefulsets`: NAME READY AGE (+ CONTAINERS IMAGES), and `kubectl get
 * controllerrevisions`: NAME CONTROLLER REVISION AGE, as Kubernetes 1.32 prints them.
 */
import { ControllerRevision, StatefulSet } from '@orchestra/api';
import { since } from './human-duration';
import {
  AGE_COLUMN,
  column,
  CONTAINERS_COLUMN,
  containerCells,
  IMAGES_COLUMN,
  NAME_COLUMN,
  Printer,
} from './printer';

export const statefulSetPrinter: Printer<StatefulSet> = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
  ],
  print(sts, now) {
    return {
      cells: [
        sts.metadata.name ?? '',
        `${sts.status?.readyReplicas ?? 0}/${sts.spec.replicas ?? 1}`,
        since(sts.metadata.creationTimestamp, now),
        ...containerCells(sts.spec.template?.spec?.containers),
      ],
    };
  },
};

/** `statefulset.apps/web`: the controller as `kind.group/name` (formatResourceName with kind). */
function controllerName(revision: ControllerRevision): string {
  const ref = revision.metadata.ownerReferences?.find((r) => r.controller);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  return `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
}

export const controllerRevisionPrinter: Printer<ControllerRevision> = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'),
    AGE_COLUMN,
  ],
  print(revision, now) {
    return {
      cells: [
        revision.metadata.name ?? '',
        controllerName(revision),
        revision.revision ?? 0,
        since(revision.metadata.creationTimestamp, now),
      ],
    };
  },
};
