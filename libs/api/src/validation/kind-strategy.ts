/**
 * Per-kind create/update strategy, as the registries of kube-apiserver have: defaulting, then
 * validation of metadata and of the kind's own fields, then (on update) immutability rules.
 */
import { defaultChaosExperiment } from '../chaos/chaos-experiment.defaults';
import { validateChaosExperiment, validateChaosExperimentUpdate } from '../chaos/chaos-experiment.validation';
import {
  defaultDaemonSet,
  defaultDeployment,
  defaultCronJob,
  defaultEndpoints,
  defaultHorizontalPodAutoscaler,
  defaultJob,
  defaultLimitRange,
  defaultNamespace,
  defaultNode,
  defaultPersistentVolumeClaim,
  defaultPod,
  defaultReplicaSet,
  defaultResourceQuota,
  defaultSecret,
  defaultService,
  defaultStatefulSet,
} from '../defaulting';
import { FieldError } from '../errors';
import { ResourceDefinition } from '../resources';
import { KubeObject } from '../types';
import { validateConfigMap, validateConfigMapUpdate } from './configmap.validation';
import {
  validateControllerRevision,
  validateControllerRevisionUpdate,
} from './controllerrevision.validation';
import { validateDaemonSet } from './daemonset.validation';
import { validateCronJob } from './cronjob.validation';
import { validateDeployment, validateSelectorUpdate } from './deployment.validation';
import { validateEndpoints } from './endpoints.validation';
import { validateEvent } from './event.validation';
import { validateHorizontalPodAutoscaler } from './horizontalpodautoscaler.validation';
import { validateJob, validateJobUpdate } from './job.validation';
import { validateLease } from './lease.validation';
import { validateLimitRange } from './limitrange.validation';
import { validateNamespace } from './namespace.validation';
import { validateNode, validateNodeUpdate } from './node.validation';
import { metadataOf, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.validation';
import {
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
} from './persistentvolumeclaim.validation';
import { validatePod, validatePodUpdate } from './pod.validation';
import {
  defaultRoleBinding,
  validateClusterRole,
  validateClusterRoleBinding,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
} from './rbac.validation';
import { validateReplicaSet } from './replicaset.validation';
import { validateResourceQuota } from './resourcequota.validation';
import { validateScale } from './scale.validation';
import { validateService, validateServiceUpdate } from './service.validation';
import { validateSecret, validateSecretUpdate } from './secret.validation';
import { validateServiceAccount } from './serviceaccount.validation';
import { validateStatefulSet, validateStatefulSetUpdate } from './statefulset.validation';
import { isRecord, Obj } from './shape';

export interface KindStrategy<T = KubeObject> {
  /** Kubernetes defaulting (mutates obj). */
  applyDefaults(obj: T): void;
  /** Create and update: metadata and the kind's fields, every error at once. */
  validate(obj: T, def: ResourceDefinition): FieldError[];
  /** Update only, in addition to validate: what may not change. */
  validateUpdate(obj: T, old: T, def: ResourceDefinition): FieldError[];
}

interface KindRules {
  defaults?: (obj: Obj) => void;
  validate?: (obj: Obj) => FieldError[];
  validateUpdate?: (obj: Obj, old: Obj) => FieldError[];
}

const rulesByKind: Record<string, KindRules> = {
  '/Pod': { defaults: defaultPod, validate: validatePod, validateUpdate: validatePodUpdate },
  '/Node': { defaults: defaultNode, validate: validateNode, validateUpdate: validateNodeUpdate },
  '/Service': { defaults: defaultService, validate: validateService, validateUpdate: validateServiceUpdate },
  '/Endpoints': { defaults: defaultEndpoints, validate: validateEndpoints },
  '/Event': { validate: validateEvent },
  '/ConfigMap': { validate: validateConfigMap, validateUpdate: validateConfigMapUpdate },
  '/Secret': { defaults: defaultSecret, validate: validateSecret, validateUpdate: validateSecretUpdate },
  '/Namespace': { defaults: defaultNamespace, validate: validateNamespace },
  '/ResourceQuota': { defaults: defaultResourceQuota, validate: validateResourceQuota },
  '/LimitRange': { defaults: defaultLimitRange, validate: validateLimitRange },
  '/ServiceAccount': { validate: validateServiceAccount },
  '/PersistentVolumeClaim': {
    defaults: defaultPersistentVolumeClaim,
    validate: validatePersistentVolumeClaim,
    validateUpdate: validatePersistentVolumeClaimUpdate,
  },
  'apps/Deployment': {
    defaults: defaultDeployment,
    validate: validateDeployment,
    validateUpdate: validateSelectorUpdate,
  },
  'apps/ReplicaSet': {
    defaults: defaultReplicaSet,
    validate: validateReplicaSet,
    validateUpdate: validateSelectorUpdate,
  },
  'apps/DaemonSet': {
    defaults: defaultDaemonSet,
    validate: validateDaemonSet,
    validateUpdate: validateSelectorUpdate,
  },
  'apps/StatefulSet': {
    defaults: defaultStatefulSet,
    validate: validateStatefulSet,
    validateUpdate: validateStatefulSetUpdate,
  },
  'apps/ControllerRevision': {
    validate: validateControllerRevision,
    validateUpdate: validateControllerRevisionUpdate,
  },
  'batch/Job': { defaults: defaultJob, validate: validateJob, validateUpdate: validateJobUpdate },
  'batch/CronJob': { defaults: defaultCronJob, validate: validateCronJob },
  'coordination.k8s.io/Lease': { validate: validateLease },
  'autoscaling/Scale': { validate: validateScale },
  'autoscaling/HorizontalPodAutoscaler': {
    defaults: defaultHorizontalPodAutoscaler,
    validate: validateHorizontalPodAutoscaler,
  },
  'rbac.authorization.k8s.io/Role': { validate: validateRole },
  'rbac.authorization.k8s.io/ClusterRole': { validate: validateClusterRole },
  'rbac.authorization.k8s.io/RoleBinding': {
    defaults: defaultRoleBinding,
    validate: validateRoleBinding,
    validateUpdate: validateRoleBindingUpdate,
  },
  'rbac.authorization.k8s.io/ClusterRoleBinding': {
    defaults: defaultRoleBinding,
    validate: validateClusterRoleBinding,
    validateUpdate: validateRoleBindingUpdate,
  },
  'chaos.orchestra.dev/ChaosExperiment': {
    defaults: defaultChaosExperiment,
    validate: validateChaosExperiment,
    validateUpdate: validateChaosExperimentUpdate,
  },
};

const asObj = (v: unknown): Obj => (isRecord(v) ? v : {});

function strategyOf(rules: KindRules): KindStrategy {
  return {
    applyDefaults: (obj) => {
      if (isRecord(obj)) rules.defaults?.(obj);
    },
    validate: (obj, def) => {
      const errs: FieldError[] = [];
      const meta = metadataOf(obj, errs);
      errs.push(...validateObjectMeta(meta, def));
      errs.push(...(rules.validate?.(asObj(obj)) ?? []));
      return errs;
    },
    validateUpdate: (obj, old) => [
      ...validateObjectMetaUpdate(asObj(asObj(obj).metadata), asObj(asObj(old).metadata)),
      ...(rules.validateUpdate?.(asObj(obj), asObj(old)) ?? []),
    ],
  };
}

const strategies = new Map(Object.entries(rulesByKind).map(([key, rules]) => [key, strategyOf(rules)]));
/** Kinds without rules of their own (custom resources) still get metadata validation. */
const metadataOnly = strategyOf({});

export function strategyFor(def: Pick<ResourceDefinition, 'group' | 'kind'>): KindStrategy {
  return strategies.get(`${def.group}/${def.kind}`) ?? metadataOnly;
}
