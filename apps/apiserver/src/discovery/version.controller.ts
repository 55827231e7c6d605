/** GET /version: kubectl's dispatcher picks its client by this, so it must read as Kubernetes 1.32. */
import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { sendJson } from '../http/api-response';
import { goPlatform, versionInfo } from './version';

@Controller('version')
export class VersionController {
  private readonly body = versionInfo({
    nodeVersion: process.version,
    platform: goPlatform(process.platform, process.arch),
    gitCommit: process.env.ORCHESTRA_GIT_COMMIT,
    buildDate: process.env.ORCHESTRA_BUILD_DATE,
  });

  @Get()
  version(@Res() res: Response): void {
    sendJson(res, 200, this.body);
  }
}
