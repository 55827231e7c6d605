/**
 * The web dashboard at `/ui/` (as Kubernetes' Dashboard addon): static files plus
 * `/ui/config.json`; the page itself talks to this apiserver's REST and chaos APIs.
 * Everything goes out with `Cache-Control: no-cache`, so a reload after an upgrade (or an edit)
 * never runs stale modules against a newer API; an ETag keeps those reloads cheap (304).
 */
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiError } from '@orchestra/api';
import type { Request, Response } from 'express';
import { ApiserverConfig } from '../apiserver.config';
import { sendError } from '../http/api-response';
import { UiAssets } from './ui-assets';
import { uiConfig } from './ui-config';

@Controller('ui')
export class UiController {
  private readonly assets = new UiAssets();

  constructor(@Inject(ApiserverConfig) private readonly config: ApiserverConfig) {}

  @Get('config.json')
  configJson(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(JSON.stringify(uiConfig(this.config)));
  }

  @Get(['', '*path'])
  async asset(@Req() req: Request, @Res() res: Response): Promise<void> {
    const url = new URL(req.originalUrl, 'http://apiserver');
    // Relative links in the page (`./main.js`) resolve against `/ui/`, not `/`.
    if (url.pathname === '/ui') return res.redirect(301, `/ui/${url.search}`);
    const name = url.pathname === '/ui/' ? 'index.html' : url.pathname.slice('/ui/'.length);
    const asset = await this.assets.read(name);
    if (!asset) return void sendError(res, ApiError.pathNotFound(`no dashboard file ${url.pathname}`));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('ETag', asset.etag);
    if (req.headers['if-none-match'] === asset.etag) return void res.status(304).end();
    res.type(asset.contentType).send(asset.body);
  }
}
