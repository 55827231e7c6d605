/**
 * Pod validation (core/validation `ValidatePodSpec`, `ValidatePodUpdate`). The spec rules are
 * shared with pod templates (`spec.template.spec` of Deployments and ReplicaSets).
 */
import { FieldError, FieldPath, forbidden, invalid, path } from '../errors';
import { validateContainers } from './container.validation';
import { validateLabels } from './labels.validation';
import { isDNS1123Label, isDNS1123Subdomain } from './names.validation';
import {
  validateAffinity,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './scheduling.validation';
import { integerAt, isRecord, objectAt, Obj, semanticEqual, stringAt } from './shape';
import { validateEnum, validateNonnegative } from './values.validation';
import { validateVolumes } from './volume.validation';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function validateName(
  value: unknown,
  fieldPath: FieldPath,
  check: (s: string) => string[],
  errs: FieldError[],
): void {
  const name = stringAt(value, fieldPath, errs);
  if (name) errs.push(...check(name).map((m) => invalid(fieldPath, name, m)));
}

/**
 * A PodSpec at `fieldPath` (`spec`, or `spec.template.spec`). `extraVolumes`: volumes the
 * controller adds to each pod (a StatefulSet's claim templates), which mounts may name.
 */
export function validatePodSpec(
  value: unknown,
  fieldPath: FieldPath,
  extraVolumes: readonly string[] = [],
): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objectAt(value, fieldPath, errs);
  // A missing spec is reported as what it lacks: containers.
  if (!spec) return value === undefined || value === null ? validateContainers({}, fieldPath) : errs;
  const volumes = validateVolumes(spec.volumes, fieldPath.child('volumes'), errs);
  for (const name of extraVolumes) volumes.add(name);
  errs.push(...validateContainers(spec, fieldPath, volumes));
  errs.push(...validateEnum(spec.restartPolicy, RESTART_POLICIES, fieldPath.child('restartPolicy'), true));
  errs.push(...validateEnum(spec.dnsPolicy, DNS_POLICIES, fieldPath.child('dnsPolicy'), true));
  const grace = integerAt(
    spec.terminationGracePeriodSeconds,
    fieldPath.child('terminationGracePeriodSeconds'),
    errs,
  );
  errs.push(...validateNonnegative(grace, fieldPath.child('terminationGracePeriodSeconds')));
  errs.push(...validateLabels(spec.nodeSelector, fieldPath.child('nodeSelector')));
  errs.push(...validateTolerations(spec.tolerations, fieldPath.child('tolerations')));
  errs.push(...validateAffinity(spec.affinity, fieldPath.child('affinity')));
  errs.push(
    ...validateTopologySpreadConstraints(
      spec.topologySpreadConstraints,
      fieldPath.child('topologySpreadConstraints'),
    ),
  );
  validateName(spec.nodeName, fieldPath.child('nodeName'), isDNS1123Subdomain, errs);
  validateName(spec.schedulerName, fieldPath.child('schedulerName'), isDNS1123Subdomain, errs);
  validateName(spec.serviceAccountName, fieldPath.child('serviceAccountName'), isDNS1123Subdomain, errs);
  validateName(spec.hostname, fieldPath.child('hostname'), isDNS1123Label, errs);
  validateName(spec.subdomain, fieldPath.child('subdomain'), isDNS1123Label, errs);
  integerAt(spec.priority, fieldPath.child('priority'), errs);
  return errs;
}

export function validatePod(pod: Obj): FieldError[] {
  return validatePodSpec(pod.spec, path('spec'));
}

const UPDATABLE_FIELDS =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** The new containers with the old images put back, so only other changes remain visible. */
function withOldImages(containers: unknown, old: unknown): unknown {
  if (!Array.isArray(containers) || !Array.isArray(old) || containers.length !== old.length)
    return containers;
  return containers.map((c, i) => (isRecord(c) && isRecord(old[i]) ? { ...c, image: old[i].image } : c));
}

/** A running pod's spec is fixed but for images and added tolerations (binding sets nodeName). */
export function validatePodUpdate(pod: Obj, old: Obj): FieldError[] {
  if (!isRecord(pod.spec) || !isRecord(old.spec)) return [];
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const oldTolerations = Array.isArray(old.spec.tolerations) ? old.spec.tolerations : [];
  const newTolerations = Array.isArray(pod.spec.tolerations) ? pod.spec.tolerations : [];
  const removed = oldTolerations.filter((t) => !newTolerations.some((n) => semanticEqual(n, t)));
  if (removed.length > 0) {
    errs.push(
      forbidden(
        specPath.child('tolerations'),
        'existing toleration can not be modified except its tolerationSeconds',
      ),
    );
  }
  const munged: Obj = {
    ...pod.spec,
    containers: withOldImages(pod.spec.containers, old.spec.containers),
    initContainers: withOldImages(pod.spec.initContainers, old.spec.initContainers),
    activeDeadlineSeconds: old.spec.activeDeadlineSeconds,
    tolerations: old.spec.tolerations,
  };
  if (!semanticEqual(munged, old.spec)) errs.push(forbidden(specPath, UPDATABLE_FIELDS));
  return errs;
}
