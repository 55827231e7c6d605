/**
 * The ClusterRole aggregation controller (pkg/controller/clusterroleaggregation), run in the
 * apiserver beside the RBAC cache: a ClusterRole with an aggregationRule gets, as its stored
 * `rules`, the rules of every other ClusterRole its selectors pick (each rule once, roles in name
 * order), so `kubectl describe clusterrole admin` shows what admin grants. The authorizer does not
 * wait for it: it aggregates at evaluation time (rule-resolver.ts). Several apiservers compute the
 * same rules; a write that changes nothing is skipped.
 */
import { ApiError, ResourceCatalog, ResourceDefinition } from '@orchestra/api';
import { ResourceRegistry } from '../../registry/resource.registry';
import { RbacCache } from './rbac-cache';
import { aggregatedRules } from './aggregated-rules';
import { ClusterRole, RBAC_GROUP } from './rbac.types';

export { aggregatedRules };

export interface AggregationLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export class ClusterRoleAggregator {
  private readonly def: ResourceDefinition;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly cache: RbacCache,
    private readonly registry: ResourceRegistry,
    catalog: ResourceCatalog,
    private readonly logger?: AggregationLogger,
    private readonly debounceMs = 50,
  ) {
    this.def = catalog.find(RBAC_GROUP, 'v1', 'clusterroles')!;
  }

  start(): void {
    let generation = this.cache.generation;
    this.unsubscribe = this.cache.onChange(() => {
      if (this.cache.generation === generation) return;
      generation = this.cache.generation;
      this.schedule();
    });
    this.schedule();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.running) {
        this.again = true;
        return;
      }
      this.running = this.sync()
        .catch((error: unknown) => this.logger?.warn('ClusterRole aggregation failed', { error }))
        .finally(() => {
          this.running = undefined;
          if (this.again) {
            this.again = false;
            this.schedule();
          }
        });
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes the aggregated rules of every ClusterRole whose stored rules differ. */
  async sync(): Promise<void> {
    const roles = [...this.cache.allClusterRoles()];
    for (const role of roles) {
      if (!role.aggregationRule) continue;
      const rules = aggregatedRules(role, roles);
      if (JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) continue;
      try {
        await this.registry.modify(
          this.def,
          undefined,
          role.metadata.name!,
          (current) => ({ ...current, rules }) as ClusterRole,
          'main',
          { dryRun: false, now: new Date() },
        );
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error; // deleted meanwhile
      }
    }
  }
}
