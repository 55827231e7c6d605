/**
 * Kubernetes' ResourceQuota admission plugin (plugin/pkg/admission/resourcequota), the last
 * validating plugin: a create that would take a namespace past one of its quotas' hard limits is
 * refused with Kubernetes' message; one that fits is charged to the quota's status.used at once,
 * by a compare-and-swap on the quota's resourceVersion (the quota evaluator's), so two parallel
 * creates cannot both take the last slot: the loser re-reads the quota and is judged again.
 * Deletes are not credited here: the resourcequota controller recomputes status.used from the
 * namespace's objects. A quota whose status does not yet cover a resource is counted from the
 * store first (Kubernetes refuses with "status unknown for quota" until its controller ran).
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  ApiError,
  builtinResources,
  computeQuotaUsage,
  exceeded,
  inQuotaScopes,
  KubeObject,
  mask,
  missingContainerResources,
  Pod,
  prettyPrint,
  Quantities,
  quantitiesOf,
  quotaResourceMatches,
  ResourceDefinition,
  ResourceQuota,
  toResourceList,
  usageOf,
  addQuantities,
} from '@orchestra/api';
import { RedisStore } from '@orchestra/store';
import { AdmissionAttributes, AdmissionPlugin, admissionForbidden } from './admission.types';

export const resourceQuotaDefinition = builtinResources.find(
  (d) => d.kind === 'ResourceQuota',
) as ResourceDefinition;
/** Contenders for one quota retry this often (with jitter, as the store's guaranteedUpdate) before a 409. */
const maxAttempts = 64;

@Injectable()
export class ResourceQuotaPlugin implements AdmissionPlugin {
  readonly name = 'ResourceQuota';

  constructor(@Inject(RedisStore) private readonly store: RedisStore) {}

  async validate(attrs: AdmissionAttributes): Promise<void> {
    const { operation, def, subresource, object, namespace } = attrs;
    if (operation !== 'CREATE' || subresource || !def.namespaced || !object || !namespace) return;
    const { items } = await this.store.list(resourceQuotaDefinition, { namespace });
    const quotas = (items as unknown as ResourceQuota[]).filter(
      (q) => this.matching(def, q).length > 0 && inQuotaScopes(def, object, q.spec?.scopes),
    );
    if (quotas.length === 0) return;
    const usage = usageOf(def, object, attrs.ctx.now);
    if (def.group === '' && def.kind === 'Pod') {
      for (const quota of quotas) {
        const missing = missingContainerResources(object as unknown as Pod, this.matching(def, quota));
        if (missing)
          throw admissionForbidden(attrs, `failed quota: ${quota.metadata.name}: must specify ${missing}`);
      }
    }
    for (const quota of quotas) await this.charge(attrs, quota, usage);
  }

  /** The quota's hard resources that objects of `def` charge. */
  private matching(def: ResourceDefinition, quota: ResourceQuota): string[] {
    return Object.keys(quota.spec?.hard ?? {}).filter((r) =>
      quotaResourceMatches(def, r, quota.spec?.scopes),
    );
  }

  private async charge(attrs: AdmissionAttributes, first: ResourceQuota, usage: Quantities): Promise<void> {
    let quota: ResourceQuota | undefined = first;
    for (let attempt = 0; attempt < maxAttempts && quota; attempt++) {
      const matched = this.matching(attrs.def, quota);
      if (matched.length === 0) return;
      const hard = quantitiesOf(quota.spec?.hard);
      let used = quantitiesOf(quota.status?.used);
      const unknown = Object.keys(quota.spec?.hard ?? {}).filter((r) => !used.has(r));
      if (unknown.length > 0)
        used = new Map([...used, ...(await this.count(attrs.namespace!, unknown, attrs.ctx.now))]);
      const requested = mask(usage, matched);
      if (requested.size === 0) return;
      const next = addQuantities(used, requested);
      const over = exceeded(mask(next, [...requested.keys()]), hard);
      if (over.length > 0) {
        throw admissionForbidden(
          attrs,
          `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(mask(requested, over))}, used: ${prettyPrint(
            mask(used, over),
          )}, limited: ${prettyPrint(mask(hard, over))}`,
        );
      }
      if (attrs.dryRun) return;
      const updated: ResourceQuota = {
        ...quota,
        status: { hard: { ...(quota.spec?.hard ?? {}) }, used: toResourceList(next) },
      };
      try {
        await this.store.update(
          resourceQuotaDefinition,
          updated as unknown as KubeObject,
          quota.metadata.resourceVersion,
        );
        return;
      } catch (error) {
        if (!(error instanceof ApiError && error.reason === 'Conflict')) throw error;
      }
      // Someone charged (or the controller recounted) in between: judge again on the fresh quota.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt + 1, 10)));
      quota = (await this.store.get(resourceQuotaDefinition, attrs.namespace, first.metadata.name!)) as
        ResourceQuota | undefined;
    }
    if (quota) {
      throw ApiError.conflict(
        { group: '', resource: 'resourcequotas' },
        first.metadata.name!,
        'too many concurrent updates to the quota; try again',
      );
    }
  }

  /** The namespace's usage of quota resources its status does not cover yet, counted from the store. */
  private count(namespace: string, resources: string[], now: Date, scopes?: string[]): Promise<Quantities> {
    const defs = builtinResources.filter((d) => d.namespaced);
    return computeQuotaUsage(
      resources,
      defs,
      async (def) => (await this.store.list(def, { namespace })).items,
      now,
      scopes,
    );
  }
}
