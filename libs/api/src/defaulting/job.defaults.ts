/** Job defaulting (batch/v1 SetDefaults_Job). */
import { isRecord, Obj } from '../validation/shape';
import { defaultPodTemplate } from './pod.defaults';

export function defaultJob(job: Obj): void {
  const spec = job.spec;
  if (!isRecord(spec)) return;
  const unset = (v: unknown) => v === undefined || v === null;
  // Neither set: a single pod that must succeed once.
  if (unset(spec.completions) && unset(spec.parallelism)) spec.completions = 1;
  if (unset(spec.parallelism)) spec.parallelism = 1;
  if (unset(spec.backoffLimit)) spec.backoffLimit = 6;
  if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
  if (unset(spec.suspend)) spec.suspend = false;
  defaultPodTemplate(spec.template);
  if (spec.manualSelector !== true) generateSelector(job, spec);
}

/**
 * batch's jobStrategy generateSelector (run by the apiserver once the uid is set): the pod
 * template gets the Job's labels and the selector selects its controller uid.
 */
function generateSelector(job: Obj, spec: Obj): void {
  const meta = isRecord(job.metadata) ? job.metadata : {};
  const uid = typeof meta.uid === 'string' ? meta.uid : '';
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!uid || !name || !isRecord(spec.template)) return;
  const template = spec.template;
  if (!isRecord(template.metadata)) template.metadata = {};
  const templateMeta = template.metadata as Obj;
  if (!isRecord(templateMeta.labels)) templateMeta.labels = {};
  const labels = templateMeta.labels as Obj;
  labels['batch.kubernetes.io/controller-uid'] ??= uid;
  labels['batch.kubernetes.io/job-name'] ??= name;
  labels['controller-uid'] ??= uid;
  labels['job-name'] ??= name;
  if (!isRecord(spec.selector)) spec.selector = {};
  const selector = spec.selector as Obj;
  if (!isRecord(selector.matchLabels)) selector.matchLabels = {};
  (selector.matchLabels as Obj)['batch.kubernetes.io/controller-uid'] ??= uid;
}
