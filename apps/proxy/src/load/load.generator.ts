/**
 * Steady load on Services (off unless targets are set): each target gets its rate of requests,
 * evenly spaced, sent through this proxy's own traffic port, so they take the same path as any
 * client's and show up in both the load and the proxy metrics.
 */
import { Agent, request } from 'node:http';
import type { Logger } from '@orchestra/observability';
import { targetName, type LoadTarget } from './load-target';
import type { LoadMetrics } from './load.metrics';
import { RequestPacer } from './request.pacer';

export interface LoadGeneratorOptions {
  /** Where this proxy's traffic port can be reached, once it listens. */
  proxyAddress: () => { host: string; port: number } | undefined;
  timeoutMs: number;
  metrics: LoadMetrics;
  logger: Logger;
}

export class LoadGenerator {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly pacers = new Map<string, RequestPacer>();
  private current: LoadTarget[] = [];

  constructor(private readonly options: LoadGeneratorOptions) {}

  targets(): LoadTarget[] {
    return this.current;
  }

  /** Replaces every target (an empty list stops the load). */
  setTargets(targets: LoadTarget[]): void {
    this.stopPacers();
    this.current = targets;
    for (const target of targets) {
      const pacer = new RequestPacer(target.rps, () => this.send(target));
      this.pacers.set(targetName(target), pacer);
      pacer.start();
    }
    if (targets.length > 0) this.options.logger.info('load generator targets set', { targets });
  }

  stop(): void {
    this.stopPacers();
    this.agent.destroy();
  }

  private stopPacers(): void {
    for (const pacer of this.pacers.values()) pacer.stop();
    this.pacers.clear();
  }

  private send(target: LoadTarget): void {
    const name = targetName(target);
    const address = this.options.proxyAddress();
    if (!address) return this.record(name, 'error', performance.now());
    const started = performance.now();
    const req = request({
      host: address.host,
      port: address.port,
      path: `/${target.namespace}/${target.service}${target.path}`,
      agent: this.agent,
      headers: { 'user-agent': 'orchestra-load-generator' },
    });
    let timedOut = false;
    let done = false;
    const finish = (code: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.record(name, code, started);
    };
    const failed = () => finish(timedOut ? 'timeout' : 'error');
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, this.options.timeoutMs);
    let responded = false;
    req.on('response', (res) => {
      responded = true;
      res.resume();
      res.on('end', () => finish(String(res.statusCode)));
      res.on('close', failed);
    });
    req.on('error', failed);
    req.on('close', () => {
      if (!responded) failed();
    });
    req.end();
  }

  private record(target: string, code: string, started: number): void {
    this.options.metrics.requests.inc({ target, code });
    this.options.metrics.duration.observe({ target }, (performance.now() - started) / 1000);
  }
}
