/**
 * The authorization providers of the apiserver: the RBAC cache and authorizer, the Node
 * authorizer, the chain AUTHORIZATION_MODE asks for (the AUTHORIZER token the gatekeeper
 * injects), and the start-up work: the default policy reconciled, then the cache listed.
 */
import {
  FactoryProvider,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { ResourceCatalog } from '@orchestra/api';
import { LOGGER, Logger, METRICS_REGISTRY } from '@orchestra/observability';
import { ChangeFeed, RedisStore } from '@orchestra/store';
import { Counter, Registry } from 'prom-client';
import { ApiserverConfig } from '../apiserver.config';
import { ResourceRegistry } from '../registry/resource.registry';
import { nodeNameOf, UserInfo, WellKnown } from '../authentication/user-info';
import { CREATE_ONLY_HANDLERS } from '../http/create-only-resources';
import { Authorizer, AUTHORIZER } from './authorizer';
import { nodeRules } from './node/node-rules';
import { PolicyRule } from './rbac/rbac.types';
import { AccessReviews, RulesResolver } from './reviews/access-reviews';
import { NodeAuthorizer } from './node/node.authorizer';
import { BootstrapRolesReconciler } from './rbac/bootstrap-roles.reconciler';
import { ClusterRoleAggregator } from './rbac/clusterrole-aggregation';
import { RbacEscalationCheck } from './rbac/escalation-check';
import { RbacAuthorizer } from './rbac/rbac.authorizer';
import { RbacCache } from './rbac/rbac-cache';
import { authorizerChain } from './union.authorizer';

/**
 * Reconciles the default policy, then fills the RBAC cache and starts the ClusterRole aggregation;
 * `ready` resolves when the cache holds its first list.
 */
@Injectable()
export class RbacBootstrap implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private readonly aggregator: ClusterRoleAggregator;

  constructor(
    @Inject(RbacCache) private readonly cache: RbacCache,
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(ResourceCatalog) private readonly catalog: ResourceCatalog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.aggregator = new ClusterRoleAggregator(cache, registry, catalog, logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      const { created, updated, failed } = await new BootstrapRolesReconciler(
        this.registry,
        this.catalog,
      ).reconcile();
      if (created.length || updated.length)
        this.logger.info('RBAC default policy reconciled', { created, updated });
      // The apiserver still serves: what exists is enforced; the next start tries again.
      if (failed.length)
        this.logger.error('RBAC default policy: some objects could not be reconciled', { failed });
    } catch (error) {
      this.logger.error('RBAC default policy could not be reconciled', { error });
    }
    await this.cache.start();
    this.aggregator.start();
    this.markReady();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.aggregator.stop();
    this.cache.stop();
  }
}

export const authorizationProviders: Provider[] = [
  {
    provide: RbacCache,
    inject: [ResourceCatalog, RedisStore, ChangeFeed, LOGGER],
    useFactory: (catalog: ResourceCatalog, store: RedisStore, feed: ChangeFeed, logger: Logger) =>
      new RbacCache(catalog, { store, feed }, logger),
  },
  {
    provide: RbacAuthorizer,
    inject: [RbacCache],
    useFactory: (cache: RbacCache) => new RbacAuthorizer(cache),
  },
  {
    provide: NodeAuthorizer,
    inject: [RedisStore, ResourceCatalog],
    useFactory: (store: RedisStore, catalog: ResourceCatalog) => {
      const pods = catalog.find('', 'v1', 'pods')!;
      return new NodeAuthorizer(
        (namespace, name) => store.get(pods, namespace, name),
        async (namespace) => (await store.list(pods, { namespace })).items,
      );
    },
  },
  {
    provide: AUTHORIZER,
    inject: [ApiserverConfig, NodeAuthorizer, RbacAuthorizer, METRICS_REGISTRY],
    useFactory: (config: ApiserverConfig, node: NodeAuthorizer, rbac: RbacAuthorizer, registry: Registry) => {
      // kube-apiserver's metric of the same name: which authorizer allowed or denied how often.
      const decisions = new Counter({
        name: 'apiserver_authorization_decisions_total',
        help: 'Total number of terminal decisions made by an authorizer split by authorizer type, name, and decision.',
        labelNames: ['type', 'name', 'decision'],
        registers: [registry],
      });
      return authorizerChain(
        config.gatekeeper.authorizationModes,
        { Node: node, RBAC: rbac },
        (name, decision) => decisions.inc({ type: name, name, decision }),
      );
    },
  } satisfies FactoryProvider,
  {
    provide: CREATE_ONLY_HANDLERS,
    inject: [ApiserverConfig, AUTHORIZER, RbacAuthorizer],
    useFactory: (config: ApiserverConfig, authorizer: Authorizer, rbac: RbacAuthorizer) =>
      new AccessReviews(authorizer, rulesResolver(config, rbac)).handlers(),
  },
  {
    // A validating admission plugin, in ADMISSION_PLUGINS (admission-plugins.ts).
    provide: RbacEscalationCheck,
    inject: [AUTHORIZER, RbacAuthorizer],
    useFactory: (authorizer: Authorizer, rbac: RbacAuthorizer) =>
      new RbacEscalationCheck(authorizer, rbac.resolver),
  },
  RbacBootstrap,
];

const everything: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/** The rules of every authorizer of the chain, for SelfSubjectRulesReview (Kubernetes' RulesFor). */
function rulesResolver(config: ApiserverConfig, rbac: RbacAuthorizer): RulesResolver {
  const modes = config.gatekeeper.authorizationModes;
  return (user: UserInfo, namespace: string) => {
    if (user.groups.includes(WellKnown.mastersGroup) || modes.includes('AlwaysAllow'))
      return { rules: everything, incomplete: false };
    const rules: PolicyRule[] = [];
    // The Node authorizer's own-object checks are not rules: its list is the most a kubelet gets.
    if (modes.includes('Node') && nodeNameOf(user)) rules.push(...nodeRules);
    if (modes.includes('RBAC')) rules.push(...rbac.rulesFor(user, namespace));
    return { rules, incomplete: false };
  };
}
