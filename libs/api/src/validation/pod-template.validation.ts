/**
 * What Deployments and ReplicaSets share (apps/validation): a required, non-empty selector, and a
 * pod template whose labels the selector matches and whose pods restart Always.
 */
import { FieldError, FieldPath, forbidden, invalid, notSupported, required } from '../errors';
import { labelSelectorMatches, validateLabelSelector } from '../selectors';
import { LabelSelector } from '../types';
import { validateTemplateMeta } from './object-meta.validation';
import { validatePodSpec } from './pod.validation';
import { isRecord, Obj } from './shape';

/** `spec.selector`; returns it when it is usable for matching. */
export function validateWorkloadSelector(
  spec: Obj,
  specPath: FieldPath,
  errs: FieldError[],
): LabelSelector | undefined {
  const selectorPath = specPath.child('selector');
  const selector = spec.selector;
  if (selector === undefined || selector === null) {
    errs.push(required(selectorPath));
    return undefined;
  }
  const selectorErrs = validateLabelSelector(selector, selectorPath);
  errs.push(...selectorErrs);
  if (!isRecord(selector)) return undefined;
  const count =
    Object.keys(isRecord(selector.matchLabels) ? selector.matchLabels : {}).length +
    (Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0);
  // Kubernetes says "deployment" here for ReplicaSets too.
  if (count === 0) errs.push(invalid(selectorPath, selector, 'empty selector is invalid for deployment'));
  return selectorErrs.length === 0 && count > 0 ? (selector as LabelSelector) : undefined;
}

export interface WorkloadTemplateOptions {
  /** The kind named in the activeDeadlineSeconds refusal (Kubernetes says ReplicaSet for most). */
  kind?: string;
  /** Volumes the controller adds to each pod, which the template's mounts may name. */
  extraVolumes?: readonly string[];
}

/** `spec.template`, checked against the selector when the selector is valid. */
export function validateWorkloadTemplate(
  spec: Obj,
  selector: LabelSelector | undefined,
  specPath: FieldPath,
  options: WorkloadTemplateOptions = {},
): FieldError[] {
  const templatePath = specPath.child('template');
  if (spec.template === undefined || spec.template === null) return [required(templatePath)];
  if (!isRecord(spec.template)) return [invalid(templatePath, spec.template, 'must be an object')];
  const template = spec.template;
  const errs: FieldError[] = [];
  const meta = isRecord(template.metadata) ? template.metadata : {};
  const labels = isRecord(meta.labels) ? (meta.labels as Record<string, string>) : {};
  if (selector && !labelSelectorMatches(selector, labels)) {
    errs.push(
      invalid(
        templatePath.child('metadata').child('labels'),
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validateTemplateMeta(template.metadata, templatePath.child('metadata')));
  errs.push(...validatePodSpec(template.spec, templatePath.child('spec'), options.extraVolumes));
  // Controllers replace pods that exit, so the pods themselves must always restart.
  const podSpec = isRecord(template.spec) ? template.spec : {};
  const restartPolicy = podSpec.restartPolicy ?? 'Always';
  if (restartPolicy !== 'Always') {
    errs.push(notSupported(templatePath.child('spec').child('restartPolicy'), restartPolicy, ['Always']));
  }
  if (podSpec.activeDeadlineSeconds !== undefined) {
    const deadlinePath = templatePath.child('spec').child('activeDeadlineSeconds');
    errs.push(
      forbidden(deadlinePath, `activeDeadlineSeconds in ${options.kind ?? 'ReplicaSet'} is not Supported`),
    );
  }
  return errs;
}
