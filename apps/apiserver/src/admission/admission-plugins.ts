/**
 * The admission plugins and their order, as kube-apiserver's recommended plugin order
 * (kube-apiserver --enable-admission-plugins): NamespaceLifecycle, LimitRanger, ServiceAccount,
 * NodeRestriction, DefaultTolerationSeconds, then Orchestra's own and RBAC escalation prevention
 * (Kubernetes checks it in the RBAC registry), and ResourceQuota last, so it
 * charges the quota only for what every other plugin let through. Each phase (mutating, then
 * validating) runs the plugins that take part in it in this order.
 */
import { FactoryProvider } from '@nestjs/common';
import { ApiserverConfig } from '../apiserver.config';
import { RbacEscalationCheck } from '../authorization/rbac/escalation-check';
import { ChaosExperimentAdmission } from '../chaos/chaos-experiment.admission';
import { AdmissionChain } from './admission-chain';
import { AdmissionMetrics } from './admission.metrics';
import { ADMISSION_PLUGINS, AdmissionPlugin } from './admission.types';
import { DefaultTolerationSeconds } from './default-toleration-seconds';
import { LimitRangerPlugin } from './limit-ranger.plugin';
import { NamespaceLifecyclePlugin } from './namespace-lifecycle.plugin';
import { NodeRestrictionPlugin } from './node-restriction.plugin';
import { ResourceQuotaPlugin } from './resource-quota.plugin';
import { ServiceAccountPlugin } from './service-account.plugin';

/** The plugin classes Nest builds (DefaultTolerationSeconds is built from the config). */
export const admissionPluginClasses = [
  NamespaceLifecyclePlugin,
  LimitRangerPlugin,
  ServiceAccountPlugin,
  NodeRestrictionPlugin,
  ChaosExperimentAdmission,
  ResourceQuotaPlugin,
];

export const admissionPluginsProvider: FactoryProvider<AdmissionPlugin[]> = {
  provide: ADMISSION_PLUGINS,
  inject: [
    ApiserverConfig,
    NamespaceLifecyclePlugin,
    LimitRangerPlugin,
    ServiceAccountPlugin,
    NodeRestrictionPlugin,
    ChaosExperimentAdmission,
    RbacEscalationCheck,
    ResourceQuotaPlugin,
  ],
  useFactory: (
    config: ApiserverConfig,
    namespaceLifecycle: NamespaceLifecyclePlugin,
    limitRanger: LimitRangerPlugin,
    serviceAccount: ServiceAccountPlugin,
    nodeRestriction: NodeRestrictionPlugin,
    chaos: ChaosExperimentAdmission,
    rbacEscalation: RbacEscalationCheck,
    resourceQuota: ResourceQuotaPlugin,
  ): AdmissionPlugin[] => [
    namespaceLifecycle,
    limitRanger,
    serviceAccount,
    nodeRestriction,
    new DefaultTolerationSeconds(config.defaultTolerationSeconds),
    chaos,
    rbacEscalation,
    resourceQuota,
  ],
};

/** Everything the apiserver module provides for admission: the plugins, their order, the chain, its metrics. */
export const admissionProviders = [
  ...admissionPluginClasses,
  admissionPluginsProvider,
  AdmissionChain,
  AdmissionMetrics,
];
