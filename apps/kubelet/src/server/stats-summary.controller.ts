/**
 * The kubelet's Summary API (`GET /stats/summary`), which metrics-server (here, the apiserver's
 * metrics.k8s.io) scrapes for `kubectl top`: per node its CPU (nanocores) and memory working set,
 * and per running pod each running container's. A node's usage is its pods' plus a small
 * system overhead (the kubelet and the runtime themselves). One kubelet process runs several
 * simulated nodes behind one port, so `?node=<name>` picks one; without it the only node is meant.
 */
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Summary, SummaryResourceStats } from '@orchestra/api';
import { KubeletService } from '../kubelet.service';

/** What the simulated node itself uses besides its pods. */
export const SYSTEM_OVERHEAD = { cpuMilli: 50, memoryBytes: 256 * 1024 * 1024 };

const NANO_PER_MILLI = 1_000_000;

@Controller('stats')
export class StatsSummaryController {
  constructor(@Inject(KubeletService) private readonly service: KubeletService) {}

  @Get('summary')
  summary(@Query('node') nodeName: string | undefined, @Res() res: Response): void {
    const kubelet = this.service.kubelet;
    const name = nodeName ?? (kubelet.nodes.size === 1 ? [...kubelet.nodes.keys()][0] : undefined);
    const node = name === undefined ? undefined : kubelet.nodes.get(name);
    if (!node) {
      const message =
        name === undefined ? 'several nodes run here: ask with ?node=<name>' : `no node "${name}" here`;
      res.status(404).type('text/plain; charset=utf-8').send(`${message}\n`);
      return;
    }
    const time = new Date().toISOString();
    const stats = (cpuMilli: number, memoryBytes: number): SummaryResourceStats => ({
      cpu: { time, usageNanoCores: Math.round(cpuMilli * NANO_PER_MILLI) },
      memory: { time, workingSetBytes: Math.round(memoryBytes) },
    });
    const pods: Summary['pods'] = [];
    let cpuMilli = SYSTEM_OVERHEAD.cpuMilli;
    let memoryBytes = SYSTEM_OVERHEAD.memoryBytes;
    for (const record of kubelet.syncer.running.values()) {
      if (record.nodeName !== name) continue;
      const [namespace, podName] = record.key.split('/');
      const containers: Summary['pods'][number]['containers'] = [];
      for (const c of record.containers.values()) {
        if (!c.id || node.runtime.containerStatus(c.id)?.state.kind !== 'running') continue;
        const usage = node.runtime.usage(c.id);
        if (!usage) continue;
        cpuMilli += usage.cpuMilli;
        memoryBytes += usage.memoryWorkingSetBytes;
        containers.push({ name: c.name, ...stats(usage.cpuMilli, usage.memoryWorkingSetBytes) });
      }
      if (containers.length > 0)
        pods.push({ podRef: { name: podName, namespace, uid: record.uid }, containers });
    }
    const body: Summary = { node: { nodeName: name!, ...stats(cpuMilli, memoryBytes) }, pods };
    res.status(200).json(body);
  }
}
