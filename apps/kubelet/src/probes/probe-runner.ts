/**
 * Runs one probe against one container, as Kubernetes' prober does (pkg/kubelet/prober and
 * pkg/probe/{http,tcp,exec}): httpGet succeeds on a 200–399 answer within timeoutSeconds,
 * tcpSocket when something listens on the port, exec when the command exits 0. A probe that
 * cannot even be run (unknown named port, exec in a dead container) is an error: Unknown.
 */
import type { Probe } from '@orchestra/api';
import type { SimClock } from '../runtime/clock';
import type { ContainerConfig, ContainerRuntime } from '../runtime/container-runtime';
import { httpExchange } from './in-memory-http';

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

export interface ProbeOutcome {
  /** Unknown: the probe errored and tells nothing about the container. */
  result: ProbeResult;
  /** Kubernetes' probe output: the failure message, the exec output, or the error. */
  output: string;
}

export interface ProbeTarget {
  containerId: string;
  podIP: string;
  /** The container's ports, to resolve named probe ports. */
  ports: ContainerConfig['ports'];
}

/** Probe as in the API, plus httpGet.httpHeaders, which the API type does not carry yet. */
export type ProbeSpec = Probe & {
  httpGet?: Probe['httpGet'] & { httpHeaders?: { name: string; value: string }[] };
};

/** The kubelet's User-Agent on probes (kube-probe/<major>.<minor>). */
export const PROBE_USER_AGENT = 'kube-probe/1.31';

export class ProbeRunner {
  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly sim: SimClock,
  ) {}

  async run(probe: ProbeSpec, target: ProbeTarget): Promise<ProbeOutcome> {
    try {
      if (probe.exec) return this.exec(probe.exec.command ?? [], target);
      if (probe.httpGet) return await this.httpGet(probe, target);
      if (probe.tcpSocket) return this.tcp(resolvePort(probe.tcpSocket.port, target), target);
      if (probe.grpc) return { result: 'Unknown', output: 'grpc probes are not supported by Orchestra yet' };
      return { result: 'Unknown', output: 'missing probe handler' };
    } catch (error) {
      return { result: 'Unknown', output: error instanceof Error ? error.message : String(error) };
    }
  }

  private exec(command: string[], target: ProbeTarget): ProbeOutcome {
    const { exitCode, output } = this.runtime.exec(target.containerId, command);
    if (exitCode === 0) return { result: 'Success', output };
    return {
      result: 'Failure',
      output: output || `command ${JSON.stringify(command)} exited with ${exitCode}`,
    };
  }

  private tcp(port: number, target: ProbeTarget): ProbeOutcome {
    if (this.runtime.tcpProbe(target.containerId, port)) return { result: 'Success', output: '' };
    return { result: 'Failure', output: `dial tcp ${target.podIP}:${port}: connect: connection refused` };
  }

  private async httpGet(probe: ProbeSpec, target: ProbeTarget): Promise<ProbeOutcome> {
    const get = probe.httpGet!;
    const port = resolvePort(get.port, target);
    const host = get.host || target.podIP;
    const path = get.path || '/';
    const url = `${(get.scheme ?? 'HTTP').toLowerCase()}://${host}:${port}${path}`;
    // Nothing listening is a refused connection, not an HTTP answer.
    if (!this.runtime.tcpProbe(target.containerId, port)) return this.tcp(port, target);
    const headers: Record<string, string> = {
      host: `${host}:${port}`,
      'user-agent': PROBE_USER_AGENT,
      accept: '*/*',
    };
    for (const h of get.httpHeaders ?? []) headers[h.name.toLowerCase()] = h.value;
    const exchange = httpExchange((req, res) => this.runtime.serveHttp(target.containerId, port, req, res), {
      path,
      headers,
    });
    const timeoutMs = (probe.timeoutSeconds || 1) * 1000;
    const timer = this.sim.after(timeoutMs, () =>
      exchange.abort(
        new Error(`Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`),
      ),
    );
    try {
      const { statusCode, body } = await exchange.response;
      if (statusCode >= 200 && statusCode < 400) return { result: 'Success', output: body };
      return { result: 'Failure', output: `HTTP probe failed with statuscode: ${statusCode}` };
    } catch (error) {
      return { result: 'Failure', output: error instanceof Error ? error.message : String(error) };
    } finally {
      timer.cancel();
    }
  }
}

/** A probe port is a number or the name of one of the container's ports. */
function resolvePort(port: number | string, target: ProbeTarget): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = target.ports.find((p) => p.name === port);
  if (!named) throw new Error(`couldn't find port "${port}" in the container's ports`);
  return named.containerPort;
}
