/** Query parameters of list and watch requests, parsed and checked once. */
import {
  ApiError,
  assertFieldSelectorSupported,
  KubeObject,
  parseFieldSelector,
  parseLabelSelector,
  ResourceDefinition,
  singleNameFromFieldSelector,
} from '@orchestra/api';

export interface ListQuery {
  predicate?: (object: KubeObject) => boolean;
  /** Set when the field selector is exactly `metadata.name=X`: list or watch one object. */
  singleName?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
}

export function parseListQuery(query: URLSearchParams, def: ResourceDefinition): ListQuery {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  assertFieldSelectorSupported(fields, def);
  const filterByLabels = !labels.empty();
  const filterByFields = fields.requirements.length > 0;
  const predicate =
    filterByLabels || filterByFields
      ? (object: KubeObject) =>
          (!filterByLabels || labels.matches(object.metadata.labels)) &&
          (!filterByFields || fields.matches(object))
      : undefined;

  const resourceVersionMatch = (query.get('resourceVersionMatch') ||
    undefined) as ListQuery['resourceVersionMatch'];
  if (resourceVersionMatch && resourceVersionMatch !== 'NotOlderThan' && resourceVersionMatch !== 'Exact') {
    throw ApiError.badRequest(
      `resourceVersionMatch: Unsupported value: "${resourceVersionMatch}": supported values: "Exact", "NotOlderThan"`,
    );
  }
  const resourceVersion = query.get('resourceVersion') || undefined;
  if (resourceVersion !== undefined && !/^\d+$/.test(resourceVersion)) {
    throw ApiError.badRequest(
      `resourceVersion: Invalid value: "${resourceVersion}": must be a valid resourceVersion`,
    );
  }
  const sendInitialEvents = query.get('sendInitialEvents');
  return {
    predicate,
    singleName: singleNameFromFieldSelector(fields),
    limit: nonNegativeInt(query, 'limit'),
    continue: query.get('continue') || undefined,
    resourceVersion,
    resourceVersionMatch,
    timeoutSeconds: nonNegativeInt(query, 'timeoutSeconds'),
    allowWatchBookmarks: query.get('allowWatchBookmarks') === 'true',
    sendInitialEvents: sendInitialEvents === null ? undefined : sendInitialEvents === 'true',
  };
}

function nonNegativeInt(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw ApiError.badRequest(`${name}: Invalid value: "${text}": must be a non-negative integer`);
  return value;
}
