/**
 * Whether a request wants a Table. kubectl get sends
 * `application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json`;
 * we answer Table v1 whenever v1 is acceptable, v1beta1 (same shape) when only that is, and the
 * HTTP layer must echo the chosen media type as Content-Type.
 */
import { matchesKind, parseAccept } from '../discovery/accept-header';
import { TableApiVersion } from './table.types';

export const TABLE_V1_MEDIA_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
export const TABLE_V1BETA1_MEDIA_TYPE = 'application/json;as=Table;v=v1beta1;g=meta.k8s.io';

export interface TableChoice {
  apiVersion: TableApiVersion;
  mediaType: string;
}

export function negotiateTable(acceptHeader: string | undefined): TableChoice | undefined {
  const ranges = parseAccept(acceptHeader);
  if (ranges.some((r) => matchesKind(r, 'meta.k8s.io', 'v1', 'Table'))) {
    return { apiVersion: 'meta.k8s.io/v1', mediaType: TABLE_V1_MEDIA_TYPE };
  }
  if (ranges.some((r) => matchesKind(r, 'meta.k8s.io', 'v1beta1', 'Table'))) {
    return { apiVersion: 'meta.k8s.io/v1beta1', mediaType: TABLE_V1BETA1_MEDIA_TYPE };
  }
  return undefined;
}

export const wantsTable = (acceptHeader: string | undefined): boolean =>
  negotiateTable(acceptHeader) !== undefined;
