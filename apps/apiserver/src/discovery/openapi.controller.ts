/** GET /openapi/v3 (the index kubectl reads first) and /openapi/v3/<group-version>. */
import { Controller, Get, Headers, Inject, Param, Res } from '@nestjs/common';
import { ApiError, ResourceCatalog } from '@orchestra/api';
import type { Response } from 'express';
import { sendError, sendJson } from '../http/api-response';
import { openApiV2 } from './openapi-v2';
import {
  OPENAPI_V3_CONTENT_TYPE,
  openApiGroupVersion,
  openApiIndex,
  OpenApiGroupVersionDocument,
} from './openapi';

@Controller('openapi')
export class OpenApiController {
  private readonly documents = new Map<string, OpenApiGroupVersionDocument>();
  private readonly index: unknown;

  constructor(@Inject(ResourceCatalog) catalog: ResourceCatalog) {
    for (const { group, version } of catalog.groupVersions()) {
      const doc = openApiGroupVersion(catalog, group, version)!;
      this.documents.set(doc.path, doc);
    }
    this.index = openApiIndex(catalog);
  }

  @Get('v3')
  v3Index(@Res() res: Response): void {
    sendJson(res, 200, this.index);
  }

  @Get('v3/*path')
  v3Document(@Param('path') path: string[] | string, @Res() res: Response): void {
    const key = Array.isArray(path) ? path.join('/') : path;
    const doc = this.documents.get(key);
    if (!doc) {
      sendError(res, ApiError.pathNotFound());
      return;
    }
    // The URL carries the content hash, so the document can be cached for as long as it is asked by it.
    res.setHeader('Cache-Control', 'public, immutable');
    res.setHeader('Etag', `"${doc.hash}"`);
    res.status(200).setHeader('Content-Type', OPENAPI_V3_CONTENT_TYPE);
    res.end(doc.json);
  }

  /** An empty v2 document: kubectl 1.27/1.28 fetch it before every apply and abort on 404 (see openapi-v2.ts). */
  @Get('v2')
  v2(@Headers('accept') accept: string | undefined, @Res() res: Response): void {
    const { contentType, body } = openApiV2(accept);
    res.status(200).setHeader('Content-Type', contentType);
    res.end(body);
  }
}
