/**
 * ObjectMeta rules (apimachinery `ValidateObjectMetaAccessor`, `ValidateObjectMetaUpdate`):
 * name and generateName syntax, namespace iff namespaced, labels, annotations, ownerReferences,
 * finalizers; and on update, the identity fields that may never change.
 */
import { FieldError, FieldPath, forbidden, invalid, path, required } from '../errors';
import { ResourceDefinition } from '../resources';
import { validateAnnotations, validateLabelName, validateLabels } from './labels.validation';
import {
  NameValidator,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
} from './names.validation';
import { booleanAt, integerAt, listAt, objectAt, Obj, stringAt } from './shape';
import { validateNonnegative } from './values.validation';

const metadataPath = path('metadata');

/** Most names are DNS subdomains; Namespaces and StatefulSets are DNS labels, Services DNS-1035 labels. */
export function nameValidatorFor(def: Pick<ResourceDefinition, 'group' | 'kind'>): NameValidator {
  if (def.group === '' && def.kind === 'Namespace') return nameIsDNSLabel;
  if (def.group === '' && def.kind === 'Service') return nameIsDNS1035Label;
  // A StatefulSet's name starts its pods' hostnames (`<name>-<ordinal>`), which are DNS labels.
  if (def.group === 'apps' && def.kind === 'StatefulSet') return nameIsDNSLabel;
  // RBAC names are path segments (`system:node`), as Kubernetes' ValidateRBACName.
  if (def.group === 'rbac.authorization.k8s.io') return nameIsPathSegment;
  return nameIsDNSSubdomain;
}

/** Reads `metadata` itself, reporting a non-object as Invalid. */
export function metadataOf(obj: unknown, errs: FieldError[], fieldPath = metadataPath): Obj {
  const holder = objectAt(obj, path(''), errs) ?? {};
  const meta = objectAt(holder.metadata, fieldPath, errs);
  if (!meta && holder.metadata === undefined) errs.push(required(fieldPath));
  return meta ?? {};
}

function validateOwnerReferences(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController: string | undefined;
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const refPath = fieldPath.index(i);
    const ref = objectAt(item, refPath, errs);
    if (!ref) return;
    const apiVersion = stringAt(ref.apiVersion, refPath.child('apiVersion'), errs) ?? '';
    const kind = stringAt(ref.kind, refPath.child('kind'), errs) ?? '';
    const name = stringAt(ref.name, refPath.child('name'), errs) ?? '';
    const uid = stringAt(ref.uid, refPath.child('uid'), errs) ?? '';
    // `apps/v1` or `v1`: the version is what follows the last '/'.
    if (!apiVersion.split('/').pop())
      errs.push(invalid(refPath.child('apiVersion'), apiVersion, 'version must not be empty'));
    if (!kind) errs.push(invalid(refPath.child('kind'), kind, 'kind must not be empty'));
    if (!name) errs.push(invalid(refPath.child('name'), name, 'name must not be empty'));
    if (!uid) errs.push(invalid(refPath.child('uid'), uid, 'uid must not be empty'));
    if (booleanAt(ref.controller, refPath.child('controller'), errs) === true) {
      const current = `${kind}/${name}`;
      if (firstController === undefined) firstController = current;
      else
        errs.push(
          invalid(
            fieldPath,
            value,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
    }
  });
  return errs;
}

function validateFinalizers(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const finalizers = (listAt(value, fieldPath, errs) ?? []).filter(
    (f, i): f is string => stringAt(f, fieldPath.index(i), errs) !== undefined,
  );
  for (const f of finalizers) errs.push(...validateLabelName(f, fieldPath));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(fieldPath, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** Metadata of a stored object, on create and on update. */
export function validateObjectMeta(
  meta: Obj,
  def: Pick<ResourceDefinition, 'group' | 'kind' | 'namespaced'>,
  fieldPath: FieldPath = metadataPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const nameFn = nameValidatorFor(def);
  const name = stringAt(meta.name, fieldPath.child('name'), errs);
  const generateName = stringAt(meta.generateName, fieldPath.child('generateName'), errs);
  if (generateName) {
    errs.push(
      ...nameFn(generateName, true).map((m) => invalid(fieldPath.child('generateName'), generateName, m)),
    );
  }
  if (name) errs.push(...nameFn(name, false).map((m) => invalid(fieldPath.child('name'), name, m)));
  // The registry fills the name from generateName; validation before that accepts either.
  else if (!generateName && (meta.name === undefined || meta.name === null || meta.name === '')) {
    errs.push(required(fieldPath.child('name'), 'name or generateName is required'));
  }

  const namespace = stringAt(meta.namespace, fieldPath.child('namespace'), errs);
  if (def.namespaced) {
    if (!namespace) errs.push(required(fieldPath.child('namespace')));
    else
      errs.push(
        ...nameIsDNSLabel(namespace, false).map((m) => invalid(fieldPath.child('namespace'), namespace, m)),
      );
  } else if (namespace) {
    errs.push(forbidden(fieldPath.child('namespace'), 'not allowed on this type'));
  }
  errs.push(
    ...validateNonnegative(
      integerAt(meta.generation, fieldPath.child('generation'), errs),
      fieldPath.child('generation'),
    ),
  );
  errs.push(...validateLabels(meta.labels, fieldPath.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, fieldPath.child('annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, fieldPath.child('ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, fieldPath.child('finalizers')));
  return errs;
}

/** Labels and annotations of a pod template (`spec.template.metadata`). */
export function validateTemplateMeta(meta: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const m = objectAt(meta, fieldPath, errs) ?? {};
  errs.push(...validateLabels(m.labels, fieldPath.child('labels')));
  errs.push(...validateAnnotations(m.annotations, fieldPath.child('annotations')));
  return errs;
}

const immutableFields = ['name', 'namespace', 'uid', 'creationTimestamp'] as const;

/** Update-only rules: identity fields are immutable; no new finalizers once deletion started. */
export function validateObjectMetaUpdate(
  meta: Obj,
  old: Obj,
  fieldPath: FieldPath = metadataPath,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of immutableFields) {
    if ((meta[f] ?? '') !== (old[f] ?? ''))
      errs.push(invalid(fieldPath.child(f), meta[f] ?? '', 'field is immutable'));
  }
  if (old.deletionTimestamp) {
    const before = new Set(Array.isArray(old.finalizers) ? old.finalizers : []);
    const added = (Array.isArray(meta.finalizers) ? meta.finalizers : []).filter((f) => !before.has(f));
    if (added.length > 0) {
      errs.push(
        forbidden(
          fieldPath.child('finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        ),
      );
    }
  }
  return errs;
}
