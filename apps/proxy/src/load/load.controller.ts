/**
 * Changes the load generator's targets at runtime, on the health port:
 *
 *   curl -X PUT localhost:10256/load -H 'content-type: application/json' \
 *     -d '{"targets": [{"service": "default/web", "rps": 20, "path": "/hello"}]}'
 *
 * `targets` may also be a string in LOAD_TARGETS form (`default/web=20:/hello`); `[]` stops it.
 */
import { BadRequestException, Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { checkUnique, loadTargetFromJson, parseLoadTargets, type LoadTarget } from './load-target';
import { ProxyService } from '../proxy.service';

export interface LoadTargetsBody {
  targets: LoadTarget[];
}

@Controller('load')
export class LoadController {
  constructor(@Inject(ProxyService) private readonly proxy: ProxyService) {}

  @Get()
  get(): LoadTargetsBody {
    return { targets: this.proxy.load.targets() };
  }

  @Put()
  put(@Body() body: unknown): LoadTargetsBody {
    const targets = toTargets(body);
    this.proxy.load.setTargets(targets);
    return { targets };
  }
}

function toTargets(body: unknown): LoadTarget[] {
  const targets = (body as { targets?: unknown } | undefined)?.targets;
  try {
    if (typeof targets === 'string') return parseLoadTargets(targets);
    if (Array.isArray(targets)) return checkUnique(targets.map(loadTargetFromJson));
  } catch (error) {
    throw new BadRequestException((error as Error).message);
  }
  throw new BadRequestException(
    'expected {"targets": [{"service": "<ns>/<name>", "rps": <n>, "path": "/"}]}',
  );
}
