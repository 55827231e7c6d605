/** Job validation (batch/validation `ValidateJobSpec`): counts, deadline, and a pod template whose pods end. */
import { FieldError, FieldPath, invalid, notSupported, path, required } from '../errors';
import { validateTemplateMeta } from './object-meta.validation';
import { validatePodSpec } from './pod.validation';
import { integerAt, isRecord, objectAt, Obj, semanticEqual } from './shape';
import { validateNonnegative, validatePositive } from './values.validation';

export function validateJob(job: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(job.spec, specPath, errs);
  if (!spec) return job.spec === undefined || job.spec === null ? [required(specPath)] : errs;
  return [...errs, ...validateJobSpec(spec, specPath)];
}

/** A Job's spec, also a CronJob's `spec.jobTemplate.spec`. */
export function validateJobSpec(spec: Obj, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['parallelism', 'completions', 'backoffLimit']) {
    const fieldPath = specPath.child(field);
    errs.push(...validateNonnegative(integerAt(spec[field], fieldPath, errs), fieldPath));
  }
  const deadlinePath = specPath.child('activeDeadlineSeconds');
  errs.push(...validatePositive(integerAt(spec.activeDeadlineSeconds, deadlinePath, errs), deadlinePath));
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed') {
    // Indexed completion is not simulated yet.
    errs.push(notSupported(specPath.child('completionMode'), mode, ['NonIndexed']));
  }
  errs.push(...validateJobTemplate(spec.template, specPath.child('template')));
  return errs;
}

function validateJobTemplate(template: unknown, templatePath: FieldPath): FieldError[] {
  if (template === undefined || template === null) return [required(templatePath)];
  if (!isRecord(template)) return [invalid(templatePath, template, 'must be an object')];
  const errs = [
    ...validateTemplateMeta(template.metadata, templatePath.child('metadata')),
    ...validatePodSpec(template.spec, templatePath.child('spec')),
  ];
  const podSpec = isRecord(template.spec) ? template.spec : {};
  const restartPolicy = podSpec.restartPolicy ?? 'Always';
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(
      notSupported(templatePath.child('spec').child('restartPolicy'), restartPolicy, ['OnFailure', 'Never']),
    );
  }
  return errs;
}

/** Update: the pod template of a Job is immutable (while it is not suspended, in Kubernetes). */
export function validateJobUpdate(job: Obj, old: Obj): FieldError[] {
  const spec = isRecord(job.spec) ? job.spec : {};
  const oldSpec = isRecord(old.spec) ? old.spec : {};
  if (semanticEqual(spec.template, oldSpec.template)) return [];
  return [invalid(path('spec').child('template'), spec.template, 'field is immutable')];
}
