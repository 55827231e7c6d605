/**
 * Rolling back. Modern `kubectl rollout undo` does not use the deprecated rollback subresource
 * (extensions/v1beta1 DeploymentRollback): it lists the Deployment's ReplicaSets, picks the one
 * with the wanted revision (by default the one before the current), and PATCHes the Deployment's
 * pod template (and the annotations that came with it) back to that ReplicaSet's template.
 *
 * So the controller has nothing special to do: the template now equals an old ReplicaSet's, that
 * ReplicaSet is found as the new one (FindNewReplicaSet ignores the pod-template-hash), gets the
 * next revision number, and an ordinary rollout brings it back. This file is what kubectl does,
 * for tests and for any Orchestra tool that wants to offer the same.
 */
import { Deployment, PodTemplateSpec, ReplicaSet } from '@orchestra/api';
import { podTemplateHashLabel } from '../controller-utils/pod-template-hash';
import { equalIgnoreHash } from './deployment-replica-sets';
import {
  desiredReplicasAnnotation,
  lastAppliedConfigAnnotation,
  maxReplicasAnnotation,
  revisionAnnotation,
  revisionHistoryAnnotation,
  revisionOf,
  rollbackToAnnotation,
} from './deployment-revisions';

export type RollbackResult =
  | { kind: 'patch'; template: PodTemplateSpec; annotations: Record<string, string> }
  | { kind: 'skipped'; message: string }
  | { kind: 'error'; message: string };

const skipped = new Set([
  lastAppliedConfigAnnotation,
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  rollbackToAnnotation,
]);

/** What `kubectl rollout undo [--to-revision=N]` would patch into the Deployment. */
export function rollbackTo(d: Deployment, owned: readonly ReplicaSet[], toRevision = 0): RollbackResult {
  if (d.spec.paused) {
    return {
      kind: 'error',
      message:
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    };
  }
  const byRevision = [...owned].sort((a, b) => revisionOf(b) - revisionOf(a));
  const target = toRevision === 0 ? byRevision[1] : byRevision.find((rs) => revisionOf(rs) === toRevision);
  if (!target?.spec.template) {
    return {
      kind: 'error',
      message:
        toRevision === 0
          ? 'no rollout history found'
          : `unable to find specified revision ${toRevision} in history`,
    };
  }
  if (equalIgnoreHash(target.spec.template, d.spec.template)) {
    return {
      kind: 'skipped',
      message: `skipped rollback (current template already matches revision ${revisionOf(target)})`,
    };
  }
  const template = structuredClone(target.spec.template);
  if (template.metadata?.labels) delete template.metadata.labels[podTemplateHashLabel];
  const annotations = { ...d.metadata.annotations };
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {}))
    if (!skipped.has(k)) annotations[k] = v;
  return { kind: 'patch', template, annotations };
}
