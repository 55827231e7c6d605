/** Which printer serves which kind, keyed by group and kind (a later group may reuse a kind name). */
import { ResourceDefinition } from '@orchestra/api';
import { chaosExperimentPrinter } from './chaos-experiment.printer';
import { configMapPrinter } from './configmap.printer';
import { daemonSetPrinter } from './daemonset.printer';
import { cronJobPrinter } from './cronjob.printer';
import { defaultPrinter } from './default.printer';
import { deploymentPrinter } from './deployment.printer';
import { endpointsPrinter } from './endpoints.printer';
import { eventPrinter } from './event.printer';
import { horizontalPodAutoscalerPrinter } from './horizontalpodautoscaler.printer';
import { jobPrinter } from './job.printer';
import { leasePrinter } from './lease.printer';
import { namespacePrinter } from './namespace.printer';
import { persistentVolumeClaimPrinter } from './persistentvolumeclaim.printer';
import { nodePrinter } from './node.printer';
import { podPrinter } from './pod.printer';
import { limitRangePrinter, resourceQuotaPrinter, serviceAccountPrinter } from './policy.printers';
import { asGeneric, Printer } from './printer';
import { roleBindingPrinter, rolePrinter } from './rbac.printers';
import { replicaSetPrinter } from './replicaset.printer';
import { secretPrinter } from './secret.printer';
import { servicePrinter } from './service.printer';
import { controllerRevisionPrinter, statefulSetPrinter } from './statefulset.printer';

const PRINTERS = new Map<string, Printer>([
  ['/Pod', asGeneric(podPrinter)],
  ['/Node', asGeneric(nodePrinter)],
  ['/Service', asGeneric(servicePrinter)],
  ['/Event', asGeneric(eventPrinter)],
  ['/Namespace', asGeneric(namespacePrinter)],
  ['/Endpoints', asGeneric(endpointsPrinter)],
  ['/ConfigMap', asGeneric(configMapPrinter)],
  ['/Secret', asGeneric(secretPrinter)],
  ['/ResourceQuota', asGeneric(resourceQuotaPrinter)],
  ['/LimitRange', asGeneric(limitRangePrinter)],
  ['/ServiceAccount', asGeneric(serviceAccountPrinter)],
  ['/PersistentVolumeClaim', asGeneric(persistentVolumeClaimPrinter)],
  ['apps/Deployment', asGeneric(deploymentPrinter)],
  ['apps/ReplicaSet', asGeneric(replicaSetPrinter)],
  ['apps/DaemonSet', asGeneric(daemonSetPrinter)],
  ['apps/StatefulSet', asGeneric(statefulSetPrinter)],
  ['apps/ControllerRevision', asGeneric(controllerRevisionPrinter)],
  ['batch/Job', asGeneric(jobPrinter)],
  ['batch/CronJob', asGeneric(cronJobPrinter)],
  ['autoscaling/HorizontalPodAutoscaler', asGeneric(horizontalPodAutoscalerPrinter)],
  ['coordination.k8s.io/Lease', asGeneric(leasePrinter)],
  ['rbac.authorization.k8s.io/Role', rolePrinter],
  ['rbac.authorization.k8s.io/ClusterRole', rolePrinter],
  ['rbac.authorization.k8s.io/RoleBinding', asGeneric(roleBindingPrinter)],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', asGeneric(roleBindingPrinter)],
  ['chaos.orchestra.dev/ChaosExperiment', asGeneric(chaosExperimentPrinter)],
]);

export const printerFor = (def: Pick<ResourceDefinition, 'group' | 'kind'>): Printer =>
  PRINTERS.get(`${def.group}/${def.kind}`) ?? defaultPrinter;
