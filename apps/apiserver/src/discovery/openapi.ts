/**
 * OpenAPI v3, as kubectl (1.27+) reads it before `apply`, `create`, `replace` and `edit`:
 * `GET /openapi/v3` lists one document per group/version with a content hash in its URL, and
 * `GET /openapi/v3/apis/apps/v1?hash=…` returns that document as `application/json`.
 * Serve `json` exactly as returned here: the hash is computed over those bytes, and clients cache
 * documents by URL, so a changed document must come with a changed hash.
 *
 * `/openapi/v2` is served empty (see openapi-v2.ts): kubectl 1.27/1.28 need it to exist, newer ones
 * fall back cleanly on 404. Either way, because every PATCH here carries `fieldValidation`, kubectl
 * leaves validation to the server (`fieldValidation=Strict`).
 */
import { createHash } from 'node:crypto';
import { ResourceCatalog } from '@orchestra/api';
import { resourcePaths } from './openapi-paths';
import { componentSchemas, sortKeys } from './openapi-schemas';
import { OpenApiDocument, OpenApiIndex } from './openapi.types';
import { versionInfo } from './version';

export const OPENAPI_V3_CONTENT_TYPE = 'application/json';

export interface OpenApiGroupVersionDocument {
  /** Index key and URL tail: `api/v1`, `apis/apps/v1`. */
  path: string;
  document: OpenApiDocument;
  /** The exact body to serve. */
  json: string;
  /** sha512 of `json`, hex, upper-case (as Kubernetes computes it). */
  hash: string;
}

export const groupVersionPath = (group: string, version: string): string =>
  group ? `apis/${group}/${version}` : `api/${version}`;

export const openApiContentHash = (json: string): string =>
  createHash('sha512').update(json).digest('hex').toUpperCase();

/** The document for one group/version, or undefined when it is not served. */
export function openApiGroupVersion(
  catalog: ResourceCatalog,
  group: string,
  version: string,
): OpenApiGroupVersionDocument | undefined {
  const defs = catalog.inGroupVersion(group, version);
  if (defs.length === 0) return undefined;
  const document: OpenApiDocument = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: versionInfo({ nodeVersion: '', platform: '' }).gitVersion },
    paths: sortKeys(Object.assign({}, ...defs.map(resourcePaths))),
    components: { schemas: componentSchemas(defs) },
  };
  const json = JSON.stringify(document);
  return { path: groupVersionPath(group, version), document, json, hash: openApiContentHash(json) };
}

/** `GET /openapi/v3`. */
export function openApiIndex(catalog: ResourceCatalog): OpenApiIndex {
  const paths: OpenApiIndex['paths'] = {};
  for (const { group, version } of catalog.groupVersions()) {
    const doc = openApiGroupVersion(catalog, group, version)!;
    paths[doc.path] = { serverRelativeURL: `/openapi/v3/${doc.path}?hash=${doc.hash}` };
  }
  return { paths };
}
