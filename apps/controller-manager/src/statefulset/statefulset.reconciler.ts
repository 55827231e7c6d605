/**
 * The StatefulSet controller (pkg/controller/statefulset: stateful_set.go sync,
 * stateful_set_control.go UpdateStatefulSet, stateful_pod_control.go): pods with a stable identity
 * per ordinal (`<set>-<i>`, hostname and subdomain, their claims `<template>-<set>-<i>`), created
 * and deleted in order, rolled out from the highest ordinal down to the partition. Reads the
 * informer caches; decides in statefulset-sync.ts; writes through the StatefulSetApi port.
 *
 * Each round: adopt orphan revisions and pods, settle the update revision (a ControllerRevision
 * per template), carry out the plan, write the status, trim the revision history.
 */
import {
  ControllerRevision,
  LabelSelector,
  labelSelectorMatches,
  OwnerReference,
  PersistentVolumeClaim,
  Pod,
  StatefulSet,
} from '@orchestra/api';
import { Lister, splitKey } from '@orchestra/client';
import { ReconcileResult, Reconciler } from '@orchestra/queues';
import {
  errorMessage,
  hasStatusCause,
  isAlreadyExists,
  isNotFound,
  namespaceTerminatingCause,
} from '../controller-utils/api-errors';
import { Clock, systemClock } from '../controller-utils/clock';
import { getControllerOf, newControllerRef, statefulSetKind } from '../controller-utils/controller-ref';
import {
  claimObjects,
  withOwnerReference,
  withoutOwnerReference,
} from '../controller-utils/controller-ref-manager';
import { slowStartBatch, slowStartInitialBatchSize } from '../controller-utils/slow-start-batch';
import { EventSink } from '../controller-utils/workload-api.port';
import { claimOwnerUpdates, hasUnexpectedController } from './statefulset-claim-retention';
import { claimsFor, isMemberOf, ordinalOf, replicasOf } from './statefulset-identity';
import {
  decideUpdateRevision,
  equalRevision,
  newRevision,
  revisionsToTruncate,
  sortRevisions,
} from './statefulset-revisions';
import {
  planStatefulSet,
  StatefulSetPlan,
  StatefulSetStep,
  statefulSetStatusChanged,
} from './statefulset-sync';

/** What the StatefulSet controller writes. */
export interface StatefulSetApi {
  /** POST pods, the pod named for its ordinal. */
  createPod(namespace: string, pod: Pod): Promise<Pod>;
  /** DELETE the pod with `preconditions.uid` (graceful: its kubelet confirms the stop). */
  deletePod(namespace: string, name: string, uid: string): Promise<void>;
  /** Merge-patch the pod's labels (its identity), failing if the pod was replaced meanwhile. */
  patchPodLabels(namespace: string, name: string, uid: string, labels: Record<string, string>): Promise<Pod>;
  patchPodOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<Pod>;
  createClaim(namespace: string, claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim>;
  /** Merge-patch the claim's ownerReferences (the retention policy), failing if it was replaced. */
  patchClaimOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<PersistentVolumeClaim>;
  createRevision(namespace: string, revision: ControllerRevision): Promise<ControllerRevision>;
  getRevision(namespace: string, name: string): Promise<ControllerRevision>;
  /** PUT the revision (its number: a rollback renumbers an old one). */
  updateRevision(revision: ControllerRevision): Promise<ControllerRevision>;
  deleteRevision(namespace: string, name: string, uid: string): Promise<void>;
  patchRevisionOwnerReferences(
    namespace: string,
    name: string,
    uid: string,
    ownerReferences: OwnerReference[],
  ): Promise<ControllerRevision>;
  /** PUT the StatefulSet's status subresource. */
  updateStatefulSetStatus(sts: StatefulSet): Promise<StatefulSet>;
}

export interface StatefulSetReconcilerDeps {
  statefulSets: Lister<StatefulSet>;
  pods: Lister<Pod>;
  revisions: Lister<ControllerRevision>;
  claims: Lister<PersistentVolumeClaim>;
  api: StatefulSetApi;
  events: EventSink;
  clock?: Clock;
}

const ignoreNotFound = (e: unknown) => {
  if (!isNotFound(e)) throw e;
};

export class StatefulSetReconciler implements Reconciler {
  readonly name = 'statefulset';
  private readonly clock: Clock;

  constructor(private readonly deps: StatefulSetReconcilerDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const cached = this.deps.statefulSets.get(key);
    if (!cached) return;
    const sts: StatefulSet = { apiVersion: 'apps/v1', kind: 'StatefulSet', ...cached };
    const { namespace = '' } = splitKey(key);
    const ref = newControllerRef(sts, statefulSetKind);

    const revisions = sortRevisions(await this.adoptOrphanRevisions(sts, ref));
    const pods = await this.claimPods(
      sts,
      this.deps.pods.list(namespace).filter((p) => isMemberOf(sts, p)),
      ref,
    );
    const collisionCount = { value: sts.status?.collisionCount ?? 0 };
    const updateRevision = await this.updateRevision(sts, revisions, collisionCount, ref);
    const currentRevision =
      revisions.find((r) => r.metadata.name === sts.status?.currentRevision) ?? updateRevision;

    const claims = new Map(
      this.deps.claims
        .list(namespace)
        .map((c) => [c.metadata.name ?? '', c] as [string, PersistentVolumeClaim]),
    );
    const plan = planStatefulSet({
      sts,
      pods,
      currentRevision,
      updateRevision,
      collisionCount: collisionCount.value,
      claims,
      ref,
      now: this.clock.now(),
    });
    const failure = await this.syncClaimOwners(sts, pods, claims)
      .then(() => this.carryOut(sts, plan, claims))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    if (statefulSetStatusChanged(sts, plan.status))
      await this.deps.api.updateStatefulSetStatus({ ...sts, status: { ...sts.status, ...plan.status } });
    const live = [currentRevision.metadata.name, updateRevision.metadata.name];
    for (const old of revisionsToTruncate(sts, revisions, pods, live))
      await this.deps.api
        .deleteRevision(namespace, old.metadata.name ?? '', old.metadata.uid ?? '')
        .catch(ignoreNotFound);
    if (failure !== undefined) throw failure;
    // Ready pods become available after minReadySeconds: no pod event says that time went by.
    const minReady = sts.spec.minReadySeconds ?? 0;
    if (minReady > 0 && (plan.status.availableReplicas ?? 0) !== replicasOf(sts))
      return { requeueAfterMs: minReady * 1000 };
  }

  /**
   * ListRevisions and adoptOrphanRevisions: the revisions the set's selector matches that it
   * controls or nobody does; the orphans among them are adopted.
   */
  private async adoptOrphanRevisions(sts: StatefulSet, ref: OwnerReference): Promise<ControllerRevision[]> {
    const { api } = this.deps;
    const selector: LabelSelector = sts.spec.selector;
    const mine = this.deps.revisions
      .list(sts.metadata.namespace)
      .filter((r) => labelSelectorMatches(selector, r.metadata.labels))
      .filter((r) => {
        const owner = getControllerOf(r);
        return !owner || owner.uid === sts.metadata.uid;
      });
    if (sts.metadata.deletionTimestamp) return mine;
    const out: ControllerRevision[] = [];
    for (const revision of mine) {
      if (getControllerOf(revision)) {
        out.push(revision);
        continue;
      }
      const { namespace = '', name = '', uid = '' } = revision.metadata;
      const adopted = await api
        .patchRevisionOwnerReferences(namespace, name, uid, withOwnerReference(revision, ref))
        .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
      if (adopted) out.push(adopted);
    }
    return out;
  }

  /** getPodsForStatefulSet: adopt matching orphan members, release owned pods that stopped matching. */
  private async claimPods(sts: StatefulSet, members: Pod[], ref: OwnerReference): Promise<Pod[]> {
    const { api } = this.deps;
    const ns = sts.metadata.namespace ?? '';
    const claim = claimObjects(sts, sts.spec.selector, members);
    for (const pod of claim.adopt) {
      await api
        .patchPodOwnerReferences(
          ns,
          pod.metadata.name ?? '',
          pod.metadata.uid ?? '',
          withOwnerReference(pod, ref),
        )
        .then((adopted) => claim.owned.push(adopted), ignoreNotFound);
    }
    for (const pod of claim.release) {
      const refs = withoutOwnerReference(pod, sts.metadata.uid ?? '');
      await api
        .patchPodOwnerReferences(ns, pod.metadata.name ?? '', pod.metadata.uid ?? '', refs)
        .catch(ignoreNotFound);
    }
    return claim.owned;
  }

  /**
   * getStatefulSetRevisions' update revision: the latest revision when it holds the template, an
   * older one renumbered (a rollback), or a new one; a name taken by other data is a collision,
   * counted, and the name hashed again.
   */
  private async updateRevision(
    sts: StatefulSet,
    sorted: ControllerRevision[],
    collisionCount: { value: number },
    ref: OwnerReference,
  ): Promise<ControllerRevision> {
    const { api } = this.deps;
    const ns = sts.metadata.namespace ?? '';
    const decision = decideUpdateRevision(sts, sorted, collisionCount.value, ref);
    if (decision.kind === 'keep') return decision.revision;
    if (decision.kind === 'renumber')
      return api.updateRevision({ ...decision.revision, revision: decision.to });
    for (;;) {
      const candidate = newRevision(sts, decision.revision.revision, collisionCount.value, ref);
      try {
        return await api.createRevision(ns, candidate);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        const existing = await api.getRevision(ns, candidate.metadata.name ?? '');
        if (equalRevision(existing, candidate)) return existing;
        collisionCount.value++;
      }
    }
  }

  /**
   * The retention policy on every claim of a pod of the set, in range and condemned (Kubernetes'
   * UpdatePodClaimForRetentionPolicy in processReplica and fixPodClaim), before any condemned pod
   * is deleted: its claim must be the pod's by then. Nothing while the set is being deleted.
   */
  private async syncClaimOwners(
    sts: StatefulSet,
    pods: Pod[],
    claims: ReadonlyMap<string, PersistentVolumeClaim>,
  ): Promise<void> {
    if (sts.metadata.deletionTimestamp) return;
    const ns = sts.metadata.namespace ?? '';
    for (const { claim, pod, ownerReferences } of claimOwnerUpdates(sts, pods, claims)) {
      const name = claim.metadata.name ?? '';
      if (hasUnexpectedController(claim, sts, pod))
        this.deps.events.warning(
          sts,
          'ConflictingController',
          `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a managing controller, the retention policy is ignored for this claim`,
        );
      try {
        await this.deps.api.patchClaimOwnerReferences(ns, name, claim.metadata.uid ?? '', ownerReferences);
      } catch (e) {
        if (isNotFound(e)) continue;
        this.podEvent(sts, 'update', pod.metadata.name ?? '', e);
        throw new Error(`could not update claim ${name} for delete policy ownerRefs: ${errorMessage(e)}`);
      }
    }
  }

  /** OrderedReady: one step after the other. Parallel: phase by phase, each in slow-start batches. */
  private async carryOut(
    sts: StatefulSet,
    plan: StatefulSetPlan,
    claims: ReadonlyMap<string, PersistentVolumeClaim>,
  ): Promise<void> {
    if (plan.monotonic) {
      for (const step of plan.steps) await this.run(sts, step, claims);
      return;
    }
    for (const phase of ['replicas', 'condemned', 'update'] as const) {
      const steps = plan.steps.filter((s) => s.phase === phase);
      const { error } = await slowStartBatch(steps.length, slowStartInitialBatchSize, (i) =>
        this.run(sts, steps[i], claims),
      );
      if (error !== undefined) throw error;
    }
  }

  private async run(
    sts: StatefulSet,
    step: StatefulSetStep,
    claims: ReadonlyMap<string, PersistentVolumeClaim>,
  ): Promise<void> {
    switch (step.kind) {
      case 'createPod':
        return this.createPod(sts, step.pod, step.claims, claims);
      case 'createClaims':
        return this.createClaims(sts, step.pod, step.claims);
      case 'updateIdentity':
        return this.updateIdentity(sts, step.pod, step.labels, step.claims);
      case 'deletePod':
        return this.deletePod(sts, step.pod);
    }
  }

  /** CreateStatefulPod: the claims first (never a pod without its storage), then the pod. */
  private async createPod(
    sts: StatefulSet,
    pod: Pod,
    missing: PersistentVolumeClaim[],
    claims: ReadonlyMap<string, PersistentVolumeClaim>,
  ): Promise<void> {
    const { api } = this.deps;
    const ns = sts.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    try {
      for (const claim of claimsFor(sts, ordinalOf(pod)).values()) {
        const existing = claims.get(claim.metadata.name ?? '');
        if (existing?.metadata.deletionTimestamp)
          throw new Error(`pvc ${claim.metadata.name} is being deleted`);
      }
      await this.createClaims(sts, pod, missing);
      await api.createPod(ns, pod);
    } catch (e) {
      // Our cache had not seen the pod yet: it exists, so there is nothing to create.
      if (isAlreadyExists(e)) return;
      this.podEvent(sts, 'create', name, e);
      if (hasStatusCause(e, namespaceTerminatingCause)) return;
      throw e;
    }
    this.podEvent(sts, 'create', name);
  }

  /** createPersistentVolumeClaims: each missing claim; one that exists already is the pod's. */
  private async createClaims(sts: StatefulSet, pod: Pod, missing: PersistentVolumeClaim[]): Promise<void> {
    const { api, events } = this.deps;
    const ns = sts.metadata.namespace ?? '';
    const errors: string[] = [];
    for (const claim of missing) {
      const claimName = claim.metadata.name ?? '';
      try {
        await api.createClaim(ns, claim);
        events.normal(
          sts,
          'SuccessfulCreate',
          `create Claim ${claimName} Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} success`,
        );
      } catch (e) {
        if (isAlreadyExists(e)) continue;
        errors.push(`failed to create PVC ${claimName}: ${errorMessage(e)}`);
        events.warning(
          sts,
          'FailedCreate',
          `create Claim ${claimName} for Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} failed error: ${errorMessage(e)}`,
        );
      }
    }
    if (errors.length > 0) throw new Error(errors.join(', '));
  }

  /** UpdateStatefulPod: the identity labels back (and any missing claim created). */
  private async updateIdentity(
    sts: StatefulSet,
    pod: Pod,
    labels: Record<string, string>,
    missing: PersistentVolumeClaim[],
  ): Promise<void> {
    const name = pod.metadata.name ?? '';
    try {
      await this.createClaims(sts, pod, missing);
      await this.deps.api.patchPodLabels(sts.metadata.namespace ?? '', name, pod.metadata.uid ?? '', labels);
    } catch (e) {
      if (isNotFound(e)) return;
      this.podEvent(sts, 'update', name, e);
      throw e;
    }
    this.podEvent(sts, 'update', name);
  }

  /** DeleteStatefulPod: graceful; the ordinal's next pod waits until this one is gone. */
  private async deletePod(sts: StatefulSet, pod: Pod): Promise<void> {
    const name = pod.metadata.name ?? '';
    try {
      await this.deps.api.deletePod(sts.metadata.namespace ?? '', name, pod.metadata.uid ?? '');
    } catch (e) {
      if (isNotFound(e)) return;
      this.podEvent(sts, 'delete', name, e);
      throw e;
    }
    this.podEvent(sts, 'delete', name);
  }

  /** recordPodEvent: `SuccessfulCreate` "create Pod web-0 in StatefulSet web successful", and so on. */
  private podEvent(
    sts: StatefulSet,
    verb: 'create' | 'update' | 'delete',
    pod: string,
    error?: unknown,
  ): void {
    const title = verb[0].toUpperCase() + verb.slice(1);
    if (error === undefined)
      this.deps.events.normal(
        sts,
        `Successful${title}`,
        `${verb} Pod ${pod} in StatefulSet ${sts.metadata.name} successful`,
      );
    else
      this.deps.events.warning(
        sts,
        `Failed${title}`,
        `${verb} Pod ${pod} in StatefulSet ${sts.metadata.name} failed error: ${errorMessage(error)}`,
      );
  }
}
