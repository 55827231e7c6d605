/**
 * Pod defaulting (core/v1 defaults.go: SetDefaults_PodSpec, _Container, _Probe, _Pod). Applied to
 * Pods and to the pod templates of workloads. Skips anything that is not the declared shape, so
 * validation can report it.
 */
import { isRecord, Obj } from '../validation/shape';
import { canonicalizeQuantities } from './canonical-quantities';

const setIfAbsent = (obj: Obj, key: string, value: unknown): void => {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
};

/** Zero counts as unset: Kubernetes' int32 fields cannot tell them apart. */
const setIfZero = (obj: Obj, key: string, value: number): void => {
  if (obj[key] === undefined || obj[key] === null || obj[key] === 0) obj[key] = value;
};

const records = (value: unknown): Obj[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/** The tag of an image reference, `latest` when none is given and there is no digest. */
export function imageTag(image: string): string {
  const [name, digest] = image.split('@');
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon >= 0) return lastSegment.slice(colon + 1);
  return digest ? '' : 'latest';
}

function defaultProbe(probe: unknown): void {
  if (!isRecord(probe)) return;
  setIfZero(probe, 'timeoutSeconds', 1);
  setIfZero(probe, 'periodSeconds', 10);
  setIfZero(probe, 'successThreshold', 1);
  setIfZero(probe, 'failureThreshold', 3);
  if (isRecord(probe.httpGet)) {
    setIfAbsent(probe.httpGet, 'path', '/');
    setIfAbsent(probe.httpGet, 'scheme', 'HTTP');
  }
}

function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) {
    // A moving tag must be pulled every time; a fixed tag or digest only once.
    c.imagePullPolicy =
      imageTag(typeof c.image === 'string' ? c.image : '') === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  for (const port of records(c.ports)) setIfAbsent(port, 'protocol', 'TCP');
  for (const env of records(c.env)) {
    if (isRecord(env.valueFrom) && isRecord(env.valueFrom.fieldRef))
      setIfAbsent(env.valueFrom.fieldRef, 'apiVersion', 'v1');
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  // A limit without a request means the request equals the limit (SetDefaults_Pod).
  const resources = c.resources;
  if (isRecord(resources) && isRecord(resources.limits)) {
    const requests = isRecord(resources.requests) ? resources.requests : {};
    for (const [name, limit] of Object.entries(resources.limits))
      if (requests[name] === undefined) requests[name] = limit;
    if (Object.keys(requests).length > 0) resources.requests = requests;
  }
  if (isRecord(resources)) {
    canonicalizeQuantities(resources.requests);
    canonicalizeQuantities(resources.limits);
  }
}

export function defaultPodSpec(spec: unknown): void {
  if (!isRecord(spec)) return;
  setIfAbsent(spec, 'restartPolicy', 'Always');
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    spec.terminationGracePeriodSeconds = 30;
  }
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...records(spec.initContainers), ...records(spec.containers)]) defaultContainer(c);
}

/** Defaults a Pod in place. */
export function defaultPod(pod: Obj): void {
  defaultPodSpec(pod.spec);
}

/** Defaults the pod template of a workload in place; its labels are left as written. */
export function defaultPodTemplate(template: unknown): void {
  if (isRecord(template)) defaultPodSpec(template.spec);
}
