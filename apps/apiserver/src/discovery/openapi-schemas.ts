/**
 * components.schemas of a group/version document. Kinds get Kubernetes' definition names
 * (`io.k8s.api.apps.v1.Deployment`) and the `x-kubernetes-group-version-kind` list kubectl uses to
 * find a kind's schema. spec/status are free-form objects: the apiserver validates, not the client.
 */
import { ResourceDefinition } from '@orchestra/api';
import { OpenApiSchema } from './openapi.types';
import { subresourceFacts } from './subresource-facts';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const OBJECT_META = `${META}.ObjectMeta`;
export const LIST_META = `${META}.ListMeta`;
export const STATUS = `${META}.Status`;
export const DELETE_OPTIONS = `${META}.DeleteOptions`;
export const PATCH = `${META}.Patch`;

export const ref = (name: string): OpenApiSchema => ({ $ref: `#/components/schemas/${name}` });

/**
 * Built-in groups (`apps`, `coordination.k8s.io`, core) live under `io.k8s.api.<pkg>`; other groups
 * are named like CRDs, by their reversed domain (`chaos.orchestra.dev` → `dev.orchestra.chaos`).
 */
export function definitionName(gvk: { group: string; version: string; kind: string }): string {
  const { group, version, kind } = gvk;
  if (group === '') return `io.k8s.api.core.${version}.${kind}`;
  if (!group.includes('.') || group.endsWith('.k8s.io'))
    return `io.k8s.api.${group.split('.')[0]}.${version}.${kind}`;
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

const freeForm = (description: string): OpenApiSchema => ({
  type: 'object',
  description,
  'x-kubernetes-preserve-unknown-fields': true,
});

const typeMeta = {
  apiVersion: {
    type: 'string',
    description: 'APIVersion defines the versioned schema of this representation of an object.',
  },
  kind: {
    type: 'string',
    description: 'Kind is a string value representing the REST resource this object represents.',
  },
};

function kindSchema(
  gvk: { group: string; version: string; kind: string },
  def?: ResourceDefinition,
): OpenApiSchema {
  const properties: Record<string, OpenApiSchema> = {
    ...typeMeta,
    metadata: { allOf: [ref(OBJECT_META)], default: {}, description: "Standard object's metadata." },
  };
  if (!def || def.hasSpec) properties['spec'] = freeForm(`The desired state of the ${gvk.kind}.`);
  if (!def || def.subresources.includes('status'))
    properties['status'] = freeForm(`The observed state of the ${gvk.kind}.`);
  return {
    type: 'object',
    description: `${gvk.kind} (${gvk.group || 'core'}/${gvk.version}).`,
    properties,
    'x-kubernetes-group-version-kind': [gvk],
  };
}

function listSchema(def: ResourceDefinition): OpenApiSchema {
  return {
    type: 'object',
    description: `${def.listKind} is a list of ${def.kind}.`,
    required: ['items'],
    properties: {
      ...typeMeta,
      metadata: { allOf: [ref(LIST_META)], default: {} },
      items: { type: 'array', items: { allOf: [ref(definitionName(def))], default: {} } },
    },
    'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.listKind }],
  };
}

/** Shared apimachinery types every document references. */
const metaSchemas: Record<string, OpenApiSchema> = {
  [OBJECT_META]: {
    type: 'object',
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    properties: {
      name: { type: 'string' },
      generateName: { type: 'string' },
      namespace: { type: 'string' },
      uid: { type: 'string' },
      resourceVersion: { type: 'string' },
      generation: { type: 'integer', format: 'int64' },
      creationTimestamp: { type: 'string', format: 'date-time' },
      deletionTimestamp: { type: 'string', format: 'date-time' },
      deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
      labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      annotations: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      ownerReferences: {
        type: 'array',
        items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
      finalizers: { type: 'array', items: { type: 'string', default: '' } },
      managedFields: {
        type: 'array',
        items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
  [LIST_META]: {
    type: 'object',
    properties: {
      resourceVersion: { type: 'string' },
      continue: { type: 'string' },
      remainingItemCount: { type: 'integer', format: 'int64' },
    },
  },
  [STATUS]: {
    ...freeForm('Status is a return value for calls that do not return other objects.'),
    properties: typeMeta,
  },
  [DELETE_OPTIONS]: freeForm('DeleteOptions may be provided when deleting an API object.'),
  [PATCH]: {
    type: 'object',
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  },
};

/** All schemas a group/version document needs: its kinds, their lists, subresource kinds, meta types. */
export function componentSchemas(defs: ResourceDefinition[]): Record<string, OpenApiSchema> {
  const schemas: Record<string, OpenApiSchema> = { ...metaSchemas };
  for (const def of defs) {
    schemas[definitionName(def)] = kindSchema(def, def);
    schemas[definitionName({ ...def, kind: def.listKind })] = listSchema(def);
    for (const sub of def.subresources) {
      const facts = subresourceFacts(def, sub);
      const name = definitionName(facts);
      schemas[name] ??= kindSchema({ group: facts.group, version: facts.version, kind: facts.kind });
    }
  }
  return sortKeys(schemas);
}

/** Stable key order, so the document (and its hash) only changes when its content does. */
export const sortKeys = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
