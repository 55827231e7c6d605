/**
 * A StatefulSet's revision history (pkg/controller/history and stateful_set_utils.go newRevision,
 * ApplyRevision; stateful_set_control.go truncateHistory): each template the set has had is a
 * ControllerRevision `<set>-<hash>` whose data is the strategic merge patch
 * `{"spec":{"template":{…,"$patch":"replace"}}}` (what `kubectl rollout undo` applies), numbered
 * in the order the templates were current. Pure functions; the reconciler writes them.
 */
import { ControllerRevision, OwnerReference, Pod, PodTemplateSpec, StatefulSet } from '@orchestra/api';
import { canonicalJson, safeEncodeString } from '../controller-utils/pod-template-hash';
import { controllerRevisionHashLabel, revisionOf } from './statefulset-identity';

/** FNV-1, 32 bits (Go's fnv.New32, which history.HashControllerRevision uses). */
function fnv32(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (const b of bytes) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return h >>> 0;
}

/**
 * HashControllerRevision: FNV-1 of the data, then of the collision count in decimal, safe-encoded.
 * Kubernetes hashes the data's raw JSON as Go wrote it; Orchestra hashes it with sorted keys.
 */
export function hashRevisionData(data: unknown, collisionCount?: number): string {
  const encoder = new TextEncoder();
  let hash = fnv32(encoder.encode(canonicalJson(data)));
  if (collisionCount !== undefined) hash = fnv32(encoder.encode(String(collisionCount)), hash);
  return safeEncodeString(String(hash));
}

/** ControllerRevisionName: `<set>-<hash>`, the prefix cut to 223 characters. */
export const revisionName = (parent: string, hash: string): string =>
  `${parent.length > 223 ? parent.slice(0, 223) : parent}-${hash}`;

/** getPatch: the template to restore, replacing the live one whole. */
export function revisionData(sts: StatefulSet): { spec: { template: Record<string, unknown> } } {
  return { spec: { template: { ...structuredClone(sts.spec.template), $patch: 'replace' } } };
}

/** ApplyRevision: the template a revision holds. */
export function templateOf(revision: ControllerRevision): PodTemplateSpec | undefined {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const template = data?.spec?.template;
  if (!template) return undefined;
  const { $patch: _directive, ...rest } = template;
  return structuredClone(rest) as unknown as PodTemplateSpec;
}

/**
 * newRevision: the revision the set's current template would be, numbered `revision`, labelled
 * with the template's labels and its hash, carrying the set's annotations (the change-cause that
 * `kubectl rollout history` prints), controlled by the set.
 */
export function newRevision(
  sts: StatefulSet,
  revision: number,
  collisionCount: number,
  ref: OwnerReference,
): ControllerRevision {
  const data = revisionData(sts);
  const hash = hashRevisionData(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(sts.metadata.name ?? '', hash),
      namespace: sts.metadata.namespace,
      labels: { ...sts.spec.template.metadata?.labels, [controllerRevisionHashLabel]: hash },
      ...(sts.metadata.annotations ? { annotations: { ...sts.metadata.annotations } } : {}),
      ownerReferences: [ref],
    },
    data,
    revision,
  };
}

const createdAt = (r: ControllerRevision): number => Date.parse(r.metadata.creationTimestamp ?? '') || 0;

/** SortControllerRevisions: by revision number, then creation, then name. */
export function sortRevisions(revisions: readonly ControllerRevision[]): ControllerRevision[] {
  return [...revisions].sort(
    (a, b) =>
      a.revision - b.revision ||
      createdAt(a) - createdAt(b) ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
}

/** nextRevision: one more than the highest (the list sorted), 1 for the first. */
export const nextRevision = (sorted: readonly ControllerRevision[]): number =>
  sorted.length === 0 ? 1 : sorted[sorted.length - 1].revision + 1;

/** EqualRevision: the same snapshot (the same data). */
export const equalRevision = (a: ControllerRevision, b: ControllerRevision): boolean =>
  canonicalJson(a.data) === canonicalJson(b.data);

/**
 * What getStatefulSetRevisions decides about the update revision: the latest already holds the
 * template (`keep`), an older one does and is renumbered to the next revision (`renumber`, a
 * rollback), or none does and a new one is created.
 */
export type UpdateRevisionDecision =
  | { kind: 'keep'; revision: ControllerRevision }
  | { kind: 'renumber'; revision: ControllerRevision; to: number }
  | { kind: 'create'; revision: ControllerRevision };

export function decideUpdateRevision(
  sts: StatefulSet,
  sorted: readonly ControllerRevision[],
  collisionCount: number,
  ref: OwnerReference,
): UpdateRevisionDecision {
  const candidate = newRevision(sts, nextRevision(sorted), collisionCount, ref);
  const equal = sorted.filter((r) => equalRevision(r, candidate));
  const latest = sorted[sorted.length - 1];
  if (equal.length > 0 && equalRevision(latest, equal[equal.length - 1]))
    return { kind: 'keep', revision: latest };
  if (equal.length > 0)
    return { kind: 'renumber', revision: equal[equal.length - 1], to: candidate.revision };
  return { kind: 'create', revision: candidate };
}

/**
 * truncateHistory: the revisions to delete so that at most revisionHistoryLimit non-live ones
 * remain, oldest first. Live: the current and update revisions, and any a pod was made from.
 */
export function revisionsToTruncate(
  sts: StatefulSet,
  sorted: readonly ControllerRevision[],
  pods: readonly Pod[],
  live: readonly (string | undefined)[],
): ControllerRevision[] {
  const keep = new Set([...live.filter((n): n is string => !!n), ...pods.map(revisionOf)]);
  const history = sorted.filter((r) => !keep.has(r.metadata.name ?? ''));
  const limit = sts.spec.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return [];
  return history.slice(0, history.length - limit);
}
