/**
 * paths of a group/version document: for each resource the collection, the item, and the
 * subresources, with the operations Kubernetes serves there.
 *
 * kubectl reads two things here (cli-runtime `queryParamVerifierV3`, kubectl apply `Patcher`):
 * - for a kind's PATCH operation (found by `x-kubernetes-group-version-kind`), whether an inline
 *   `fieldValidation` parameter exists. If so it leaves validation to the server (Strict);
 *   otherwise it validates client-side and needs /openapi/v2. Go iterates paths in random order
 *   and stops at the first PATCH with that kind, so *every* PATCH op (status and scale included)
 *   carries the same parameters.
 * - whether that PATCH accepts `application/strategic-merge-patch+json`; if so it first tries to
 *   build the patch from components.schemas. Ours are free-form (no `x-kubernetes-patch-merge-key`),
 *   so strategic merge is left out: kubectl then uses its compiled-in types for built-in kinds
 *   (checked with kubectl 1.27–1.33: the same `$setElementOrder/containers` patch as against
 *   Kubernetes) and JSON merge patch for kinds it does not know, as for CRDs. The server still
 *   accepts strategic merge patches.
 */
import { ResourceDefinition, Subresource } from '@orchestra/api';
import { definitionName, DELETE_OPTIONS, PATCH, ref, STATUS } from './openapi-schemas';
import { OpenApiOperation, OpenApiParameter, OpenApiPathItem } from './openapi.types';
import { subresourceFacts } from './subresource-facts';

const query = (
  name: string,
  description: string,
  type: 'string' | 'boolean' | 'integer' = 'string',
): OpenApiParameter => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});

const pathParam = (name: string, description: string): OpenApiParameter => ({
  name,
  in: 'path',
  description,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const P = {
  pretty: query('pretty', "If 'true', then the output is pretty printed."),
  dryRun: query(
    'dryRun',
    'When present, indicates that modifications should not be persisted. Valid value: All.',
  ),
  fieldManager: query(
    'fieldManager',
    'A name associated with the actor or entity that is making these changes.',
  ),
  fieldValidation: query(
    'fieldValidation',
    'How the server handles unknown or duplicate fields in the request: Ignore, Warn or Strict.',
  ),
  force: query(
    'force',
    'Force is going to "force" Apply requests; it must be unset for non-apply patches.',
    'boolean',
  ),
  gracePeriodSeconds: query(
    'gracePeriodSeconds',
    'The duration in seconds before the object should be deleted.',
    'integer',
  ),
  propagationPolicy: query('propagationPolicy', 'Whether and how garbage collection will be performed.'),
  labelSelector: query(
    'labelSelector',
    'A selector to restrict the list of returned objects by their labels.',
  ),
  fieldSelector: query(
    'fieldSelector',
    'A selector to restrict the list of returned objects by their fields.',
  ),
  limit: query('limit', 'The maximum number of responses to return for a list call.', 'integer'),
  continue: query('continue', 'The continue option from a previous list call, to fetch the next chunk.'),
  resourceVersion: query(
    'resourceVersion',
    'Sets a constraint on what resource versions a request may be served from.',
  ),
  timeoutSeconds: query('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
  watch: query(
    'watch',
    'Watch for changes to the described resources and return them as a stream.',
    'boolean',
  ),
  allowWatchBookmarks: query('allowWatchBookmarks', 'Requests watch events with type "BOOKMARK".', 'boolean'),
  container: query('container', 'The container for which to stream logs.'),
  follow: query('follow', 'Follow the log stream of the pod.', 'boolean'),
  name: pathParam('name', 'name of the resource'),
  namespace: pathParam('namespace', 'object name and auth scope, such as for teams and projects'),
};

const listParams = [
  P.allowWatchBookmarks,
  P.continue,
  P.fieldSelector,
  P.labelSelector,
  P.limit,
  P.resourceVersion,
  P.timeoutSeconds,
  P.watch,
];
const writeParams = [P.dryRun, P.fieldManager, P.fieldValidation];
const patchParams = [P.dryRun, P.fieldManager, P.fieldValidation, P.force];
const deleteParams = [P.dryRun, P.gracePeriodSeconds, P.propagationPolicy];

/** Strategic merge is left out on purpose: see the file comment. */
const PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
];

const json = (schemaName: string) => ({ 'application/json': { schema: ref(schemaName) } });
const body = (schemaName: string) => ({ content: json(schemaName), required: true });
const patchBody = () => ({
  content: Object.fromEntries(PATCH_CONTENT_TYPES.map((t) => [t, { schema: ref(PATCH) }])),
  required: true,
});
const ok = (schemaName: string, codes = ['200']) => ({
  ...Object.fromEntries(
    codes.map((c) => [
      c,
      { description: c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK', content: json(schemaName) },
    ]),
  ),
  '401': { description: 'Unauthorized' },
});

const camel = (s: string): string =>
  s
    .split(/[.\-/]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

interface OpContext {
  def: ResourceDefinition;
  tag: string;
  idStem: string;
}

function op(
  ctx: OpContext,
  action: string,
  verbWord: string,
  suffix: string,
  gvk: { group: string; version: string; kind: string },
  rest: Pick<OpenApiOperation, 'parameters' | 'requestBody' | 'responses'>,
): OpenApiOperation {
  return {
    tags: [ctx.tag],
    description: `${action} ${suffix ? `${suffix.toLowerCase()} of ` : ''}${ctx.def.kind}`,
    operationId: `${verbWord}${ctx.idStem}${suffix}`,
    ...rest,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  };
}

/** All paths for one resource, keyed by URL template. */
export function resourcePaths(def: ResourceDefinition): Record<string, OpenApiPathItem> {
  const base = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  const scoped = def.namespaced ? `${base}/namespaces/{namespace}/${def.plural}` : `${base}/${def.plural}`;
  const scopeParams = def.namespaced ? [P.namespace] : [];
  const groupWord = camel(def.group || 'core');
  const ctx: OpContext = {
    def,
    tag: `${(def.group || 'core').split('.')[0]}_${def.version}`,
    idStem: `${groupWord}${camel(def.version)}${def.namespaced ? 'Namespaced' : ''}${def.kind}`,
  };
  const gvk = { group: def.group, version: def.version, kind: def.kind };
  const kindName = definitionName(def);
  const listName = definitionName({ ...def, kind: def.listKind });

  const paths: Record<string, OpenApiPathItem> = {
    [scoped]: {
      get: op(ctx, 'list', 'list', '', gvk, { parameters: listParams, responses: ok(listName) }),
      post: op(ctx, 'post', 'create', '', gvk, {
        parameters: writeParams,
        requestBody: body(kindName),
        responses: ok(kindName, ['200', '201', '202']),
      }),
      delete: op(ctx, 'deletecollection', 'deleteCollection', '', gvk, {
        parameters: [...deleteParams, ...listParams],
        responses: ok(STATUS),
      }),
      parameters: [...scopeParams, P.pretty],
    },
    [`${scoped}/{name}`]: {
      get: op(ctx, 'get', 'read', '', gvk, { responses: ok(kindName) }),
      put: op(ctx, 'put', 'replace', '', gvk, {
        parameters: writeParams,
        requestBody: body(kindName),
        responses: ok(kindName, ['200', '201']),
      }),
      patch: op(ctx, 'patch', 'patch', '', gvk, {
        parameters: patchParams,
        requestBody: patchBody(),
        responses: ok(kindName, ['200', '201']),
      }),
      delete: op(ctx, 'delete', 'delete', '', gvk, {
        parameters: deleteParams,
        requestBody: body(DELETE_OPTIONS),
        responses: ok(STATUS, ['200', '202']),
      }),
      parameters: [P.name, ...scopeParams, P.pretty],
    },
  };
  // The access reviews are only ever created.
  if (def.createOnly) return { [scoped]: { post: paths[scoped].post, parameters: paths[scoped].parameters } };
  if (def.namespaced) {
    paths[`${base}/${def.plural}`] = {
      get: op(
        { ...ctx, idStem: ctx.idStem.replace('Namespaced', '') },
        'list',
        'list',
        'ForAllNamespaces',
        gvk,
        {
          parameters: listParams,
          responses: ok(listName),
        },
      ),
      parameters: [P.pretty],
    };
  }
  for (const sub of def.subresources) {
    paths[`${scoped}/{name}/${sub}`] = {
      ...subresourceOps(ctx, sub),
      parameters: [P.name, ...scopeParams, P.pretty],
    };
  }
  return paths;
}

function subresourceOps(ctx: OpContext, sub: Subresource): OpenApiPathItem {
  const facts = subresourceFacts(ctx.def, sub);
  const gvk = { group: facts.group, version: facts.version, kind: facts.kind };
  const schema = definitionName(facts);
  const suffix = camel(sub);
  if (sub === 'binding') {
    return {
      post: op(ctx, 'post', 'create', suffix, gvk, {
        parameters: writeParams,
        requestBody: body(schema),
        responses: ok(schema, ['200', '201', '202']),
      }),
    };
  }
  if (sub === 'finalize') {
    return {
      put: op(ctx, 'put', 'replace', suffix, gvk, {
        parameters: writeParams,
        requestBody: body(schema),
        responses: ok(schema, ['200', '201']),
      }),
    };
  }
  if (sub === 'log') {
    return {
      get: op(ctx, 'get', 'read', suffix, gvk, {
        parameters: [P.container, P.follow],
        responses: {
          '200': { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } },
          '401': { description: 'Unauthorized' },
        },
      }),
    };
  }
  return {
    get: op(ctx, 'get', 'read', suffix, gvk, { responses: ok(schema) }),
    put: op(ctx, 'put', 'replace', suffix, gvk, {
      parameters: writeParams,
      requestBody: body(schema),
      responses: ok(schema, ['200', '201']),
    }),
    patch: op(ctx, 'patch', 'patch', suffix, gvk, {
      parameters: patchParams,
      requestBody: patchBody(),
      responses: ok(schema, ['200', '201']),
    }),
  };
}
