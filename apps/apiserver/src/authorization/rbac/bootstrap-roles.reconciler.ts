/**
 * Writes the default policy at start, as kube-apiserver's `rbac/bootstrap-roles` post-start hook
 * (pkg/registry/rbac/rest/storage_rbac.go, pkg/registry/rbac/reconciliation): a missing role or
 * binding is created; an existing one gets the rules, selectors, subjects, labels and annotations
 * it lacks, unless it is annotated `rbac.authorization.kubernetes.io/autoupdate: "false"`; a
 * binding to another role is recreated. Several apiservers may do it at once: every write is a
 * create (AlreadyExists is fine) or a read-modify-write.
 */
import { ApiError, KubeObject, ResourceCatalog, ResourceDefinition } from '@orchestra/api';
import { RequestContext } from '../../registry/request-context';
import { ResourceRegistry } from '../../registry/resource.registry';
import {
  autoupdateAnnotation,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
} from './bootstrap-policy';
import { covers } from './policy-rule-covers';
import { ClusterRole, ClusterRoleBinding, RBAC_GROUP } from './rbac.types';

export interface ReconcileResult {
  created: string[];
  updated: string[];
  failed: { name: string; error: string }[];
}

export class BootstrapRolesReconciler {
  private readonly roles: ResourceDefinition;
  private readonly bindings: ResourceDefinition;

  constructor(
    private readonly registry: ResourceRegistry,
    catalog: ResourceCatalog,
    private readonly policy = {
      clusterRoles: bootstrapClusterRoles,
      clusterRoleBindings: bootstrapClusterRoleBindings,
    },
  ) {
    this.roles = catalog.find(RBAC_GROUP, 'v1', 'clusterroles')!;
    this.bindings = catalog.find(RBAC_GROUP, 'v1', 'clusterrolebindings')!;
  }

  /** Every object is reconciled even when one fails; the failures are in `failed`. */
  async reconcile(): Promise<ReconcileResult> {
    const result: ReconcileResult = { created: [], updated: [], failed: [] };
    const attempt = async (name: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        result.failed.push({ name, error: error instanceof Error ? error.message : String(error) });
      }
    };
    for (const role of this.policy.clusterRoles)
      await attempt(`clusterrole/${role.metadata.name}`, () => this.reconcileRole(role, result));
    for (const binding of this.policy.clusterRoleBindings)
      await attempt(`clusterrolebinding/${binding.metadata.name}`, () =>
        this.reconcileBinding(binding, result),
      );
    return result;
  }

  private async reconcileRole(expected: ClusterRole, result: ReconcileResult): Promise<void> {
    const name = `clusterrole/${expected.metadata.name}`;
    const existing = await this.find(this.roles, expected.metadata.name!);
    if (!existing) {
      if (await this.create(this.roles, expected)) result.created.push(name);
      return;
    }
    if (protectedFromUpdate(existing)) return;
    let changed = false;
    await this.registry.modify(
      this.roles,
      undefined,
      expected.metadata.name!,
      (current) => {
        const role = current as ClusterRole;
        changed = mergeMetadata(role, expected);
        // An aggregated role's rules are the aggregation's (clusterrole-aggregation.ts), as in Kubernetes.
        const { uncovered } = role.aggregationRule
          ? { uncovered: [] }
          : covers(role.rules ?? [], expected.rules ?? []);
        if (uncovered.length) {
          role.rules = [...(role.rules ?? []), ...uncovered];
          changed = true;
        }
        const selectors = expected.aggregationRule?.clusterRoleSelectors ?? [];
        const have = role.aggregationRule?.clusterRoleSelectors ?? [];
        const missing = selectors.filter((s) => !have.some((h) => JSON.stringify(h) === JSON.stringify(s)));
        if (missing.length) {
          role.aggregationRule = { clusterRoleSelectors: [...have, ...missing] };
          changed = true;
        }
        return role;
      },
      'main',
      context(),
    );
    if (changed) result.updated.push(name);
  }

  private async reconcileBinding(expected: ClusterRoleBinding, result: ReconcileResult): Promise<void> {
    const name = `clusterrolebinding/${expected.metadata.name}`;
    const existing = (await this.find(this.bindings, expected.metadata.name!)) as
      ClusterRoleBinding | undefined;
    if (!existing) {
      if (await this.create(this.bindings, expected)) result.created.push(name);
      return;
    }
    if (protectedFromUpdate(existing)) return;
    if (JSON.stringify(existing.roleRef) !== JSON.stringify(expected.roleRef)) {
      // roleRef is immutable: the binding is replaced.
      await this.registry
        .delete(this.bindings, undefined, expected.metadata.name!, {}, context())
        .catch(ignoreNotFound);
      if (await this.create(this.bindings, expected)) result.updated.push(name);
      return;
    }
    let changed = false;
    await this.registry.modify(
      this.bindings,
      undefined,
      expected.metadata.name!,
      (current) => {
        const binding = current as ClusterRoleBinding;
        changed = mergeMetadata(binding, expected);
        const have = binding.subjects ?? [];
        const missing = (expected.subjects ?? []).filter(
          (s) =>
            !have.some(
              (h) => h.kind === s.kind && h.name === s.name && (h.namespace ?? '') === (s.namespace ?? ''),
            ),
        );
        if (missing.length) {
          binding.subjects = [...have, ...missing];
          changed = true;
        }
        return binding;
      },
      'main',
      context(),
    );
    if (changed) result.updated.push(name);
  }

  private find(def: ResourceDefinition, name: string): Promise<KubeObject | undefined> {
    return this.registry.get(def, undefined, name).catch((error: unknown) => {
      ignoreNotFound(error);
      return undefined;
    });
  }

  /** Creates the object; false when another apiserver was first. */
  private async create(def: ResourceDefinition, object: KubeObject): Promise<boolean> {
    try {
      await this.registry.create(def, undefined, structuredClone(object) as never, context());
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.reason === 'AlreadyExists') return false;
      throw error;
    }
  }
}

function context(): RequestContext {
  return { dryRun: false, now: new Date() };
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof ApiError && error.code === 404)) throw error;
}

/** Kubernetes leaves alone what is annotated `rbac.authorization.kubernetes.io/autoupdate: "false"`. */
function protectedFromUpdate(object: KubeObject): boolean {
  return object.metadata.annotations?.[autoupdateAnnotation] === 'false';
}

/** Adds the expected labels and annotations the object lacks (existing values win). */
function mergeMetadata(object: KubeObject, expected: KubeObject): boolean {
  let changed = false;
  for (const field of ['labels', 'annotations'] as const) {
    const want = expected.metadata[field] ?? {};
    const have = { ...(object.metadata[field] ?? {}) };
    for (const [k, v] of Object.entries(want)) {
      if (have[k] !== undefined) continue;
      have[k] = v;
      changed = true;
    }
    if (Object.keys(have).length) object.metadata[field] = have;
  }
  return changed;
}
