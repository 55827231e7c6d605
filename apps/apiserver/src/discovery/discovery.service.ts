/**
 * Serves discovery: /api, /apis (aggregated discovery when the client asks for it, with its exact
 * media type, else legacy), /api/v1 and /apis/<group>[/<version>]. Bodies are built once.
 * External groups (EXTERNAL_API_GROUPS: computed APIs such as metrics.k8s.io) follow the catalog's.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ApiError, ResourceCatalog } from '@orchestra/api';
import type { Request, Response } from 'express';
import { sendJson } from '../http/api-response';
import { RequestInfo } from '../http/request-info';
import { aggregatedDiscovery, negotiateAggregatedDiscovery } from './aggregated-discovery';
import { EXTERNAL_API_GROUPS, type ExternalApiGroup } from './discovery.types';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy-discovery';

@Injectable()
export class DiscoveryService {
  private readonly external: ExternalApiGroup[];

  constructor(
    @Inject(ResourceCatalog) private readonly catalog: ResourceCatalog,
    @Optional() @Inject(EXTERNAL_API_GROUPS) external?: ExternalApiGroup[],
  ) {
    this.external = external ?? [];
  }

  serve(info: RequestInfo, req: Request, res: Response): void {
    const [first, second] = info.segments;
    if (info.segments.length === 0) {
      const aggregated = negotiateAggregatedDiscovery(req.headers.accept);
      if (aggregated) {
        const scope = info.prefix === 'api' ? 'core' : 'named';
        const list = aggregatedDiscovery(this.catalog, scope, aggregated.version);
        if (scope === 'named') list.items.push(...this.external.map((g) => g.discovery));
        return sendJson(res, 200, list, aggregated.mediaType);
      }
      if (info.prefix === 'api') return sendJson(res, 200, apiVersions(this.catalog, req.headers.host ?? ''));
      const groups = apiGroupList(this.catalog);
      groups.groups.push(...this.external.map((g) => g.group));
      return sendJson(res, 200, groups);
    }
    const external = info.prefix === 'apis' && this.external.find((g) => g.group.name === first);
    if (external) {
      if (info.segments.length === 1)
        return sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...external.group });
      if (info.segments.length === 2 && second === external.resourceList.groupVersion.split('/')[1])
        return sendJson(res, 200, external.resourceList);
      throw ApiError.pathNotFound();
    }
    const body =
      info.prefix === 'api'
        ? info.segments.length === 1 && apiResourceList(this.catalog, '', first)
        : info.segments.length === 1
          ? apiGroup(this.catalog, first)
          : info.segments.length === 2 && apiResourceList(this.catalog, first, second);
    if (!body) throw ApiError.pathNotFound();
    sendJson(res, 200, body);
  }
}
