/**
 * The kubelet's log endpoint (`GET /containerLogs/{namespace}/{pod}/{container}`), which
 * `kubectl logs` reaches through the apiserver's pods/log subresource: tailLines, timestamps,
 * previous (the container before the last restart) and follow (streams until the client goes
 * or the container ends). Plain text, as the kubelet answers.
 */
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { KubeletService } from '../kubelet.service';

@Controller('containerLogs')
export class ContainerLogsController {
  constructor(@Inject(KubeletService) private readonly service: KubeletService) {}

  @Get(':namespace/:pod/:container')
  logs(
    @Param('namespace') namespace: string,
    @Param('pod') podName: string,
    @Param('container') name: string,
    @Query() query: Record<string, string | undefined>,
    @Res() res: Response,
  ): void {
    const kubelet = this.service.kubelet;
    const key = `${namespace}/${podName}`;
    const record = kubelet.syncer.running.get(key);
    const node = record && kubelet.nodes.get(record.nodeName);
    if (!record || !node)
      return notFound(res, `pod "${podName}" in namespace "${namespace}" is not running on this kubelet`);
    const container = record.containers.get(name);
    const previous = flag(query.previous);
    const id = previous ? container?.previousId : container?.id;
    if (!id) {
      return notFound(
        res,
        previous
          ? `previous terminated container "${name}" in pod "${podName}" not found`
          : `container "${name}" in pod "${podName}" is waiting to start`,
      );
    }
    const tail = query.tailLines === undefined ? undefined : Number(query.tailLines);
    const timestamps = flag(query.timestamps);
    const lines = node.runtime.logs(id, {
      tailLines: Number.isInteger(tail) && tail! >= 0 ? tail : undefined,
      sinceSeconds: query.sinceSeconds ? Number(query.sinceSeconds) : undefined,
      timestamps,
    });
    res.status(200).type('text/plain; charset=utf-8');
    for (const line of lines) res.write(`${line}\n`);
    if (!flag(query.follow) || previous) {
      res.end();
      return;
    }
    res.flushHeaders();
    const stop = node.runtime.followLogs(id, (line) => res.write(`${line}\n`), {
      timestamps,
      onEnd: () => res.end(),
    });
    res.on('close', stop);
  }
}

/** Kubernetes' query booleans: `true`/`1` (and a bare `?follow`). */
function flag(value: string | undefined): boolean {
  return value === '' || value === 'true' || value === '1';
}

function notFound(res: Response, message: string): void {
  res.status(404).type('text/plain; charset=utf-8').send(`${message}\n`);
}
