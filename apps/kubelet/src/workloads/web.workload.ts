/**
 * `orchestra/web`: a small HTTP service that says which pod answered, for watching Services
 * spread traffic, rollouts replace pods and probes fail on cue. Settings (container env):
 * LATENCY_MS, ERROR_RATE, HEALTHZ_FAIL_AFTER_SECONDS, READY_DELAY_SECONDS, READY_FAIL, MESSAGE,
 * SERVE_DIR, UPSTREAM_URL (each request first calls that URL, e.g. `http://backend/`, through the
 * cluster DNS and the Service proxy, and reports what it answered; 502 when it fails) and
 * UPSTREAM_TIMEOUT_MS.
 *
 * Static files, as nginx serves its root: once a volume is mounted under SERVE_DIR (default
 * `/usr/share/nginx/html`, nginx's), every request other than /healthz, /livez and /readyz is
 * answered from there (`/` → index.html, a missing file 404; see static-files.ts), so a ConfigMap
 * mounted at /usr/share/nginx/html is the site. Without such a mount: the hello response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { respond } from './access-log';
import { NGINX_HTML_DIR, staticFile } from './static-files';
import { memoryWithinLimit, type Workload, type WorkloadContext, type WorkloadUsage } from './workload';
import { envFlag, envNumber, MiB } from './workload-env';
import {
  callUpstream,
  describeUpstream,
  upstreamFailed,
  type UpstreamResult,
} from './outbound/upstream-call';

export const WEB_DEFAULT_PORT = 8080;
/** CPU time one request costs; with it the CPU graph follows the request rate. */
const CPU_MS_PER_REQUEST = 2;
const IDLE_CPU_MILLI = 2;
const RATE_WINDOW_MS = 10_000;

export class WebWorkload implements Workload {
  private ctx!: WorkloadContext;
  private ports = new Set<number>();
  private recentRequests: number[] = [];
  private inFlight = 0;
  /** The UPSTREAM_URL call made for a request, once it is back. */
  private readonly upstreamResults = new WeakMap<IncomingMessage, UpstreamResult>();

  start(ctx: WorkloadContext): void {
    this.ctx = ctx;
    const declared = ctx.config.ports.map((p) => p.containerPort);
    const fromEnv = envNumber(ctx.config.env, 'PORT', 0);
    this.ports = new Set(declared.length ? declared : [WEB_DEFAULT_PORT]);
    if (fromEnv > 0) this.ports.add(fromEnv);
    const { podNamespace, podName } = ctx.config;
    ctx.log(
      `orchestra/web: pod ${podNamespace}/${podName} listening on ${[...this.ports].map((p) => `:${p}`).join(', ')}`,
    );
  }

  onSignal(_signal: 'SIGTERM', ctx: WorkloadContext): void {
    ctx.log('orchestra/web: SIGTERM received, shutting down');
    ctx.exit(0);
  }

  listensOn(port: number): boolean {
    return this.ports.has(port);
  }

  serveHttp(_port: number, req: IncomingMessage, res: ServerResponse): void {
    this.recentRequests.push(this.ctx.now());
    this.inFlight++;
    res.once('close', () => this.inFlight--);
    const latencyMs = envNumber(this.ctx.config.env, 'LATENCY_MS', 0);
    if (latencyMs > 0) this.ctx.after(latencyMs, () => this.answer(req, res));
    else this.answer(req, res);
  }

  usage(): WorkloadUsage {
    const since = this.ctx.now() - RATE_WINDOW_MS;
    this.recentRequests = this.recentRequests.filter((t) => t >= since);
    const perSecond = this.recentRequests.length / (RATE_WINDOW_MS / 1000);
    return {
      cpuMilli: IDLE_CPU_MILLI + perSecond * CPU_MS_PER_REQUEST,
      memoryBytes: memoryWithinLimit(
        20 * MiB + this.inFlight * 64 * 1024,
        this.ctx.config.resources.memoryLimitBytes,
      ),
    };
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const { env } = this.ctx.config;
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string | Buffer, type?: string) =>
      respond(
        (l) => this.ctx.log(l),
        () => this.ctx.now(),
        req,
        res,
        status,
        body,
        type,
      );
    const uptime = this.ctx.uptimeSeconds();
    if (path === '/healthz' || path === '/livez') {
      const failAfter = envNumber(env, 'HEALTHZ_FAIL_AFTER_SECONDS', -1);
      if (failAfter >= 0 && uptime >= failAfter)
        return send(500, `unhealthy: HEALTHZ_FAIL_AFTER_SECONDS=${failAfter}\n`);
      return send(200, 'ok\n');
    }
    if (path === '/readyz') {
      if (envFlag(env, 'READY_FAIL')) return send(503, 'not ready: READY_FAIL=true\n');
      const delay = envNumber(env, 'READY_DELAY_SECONDS', 0);
      if (uptime < delay) return send(503, `not ready: warming up (READY_DELAY_SECONDS=${delay})\n`);
      return send(200, 'ok\n');
    }
    const upstreamUrl = env.UPSTREAM_URL;
    if (upstreamUrl && !this.upstreamResults.has(req)) {
      const headers = { accept: req.headers.accept ?? '*/*' };
      const timeoutMs = envNumber(env, 'UPSTREAM_TIMEOUT_MS', 3_000);
      void callUpstream(upstreamUrl, this.ctx.config.network, { timeoutMs, headers }).then((result) => {
        this.upstreamResults.set(req, result);
        this.answer(req, res);
      });
      return;
    }
    const upstream = this.upstreamResults.get(req);
    if (upstream && upstreamFailed(upstream)) return send(502, `${describeUpstream(upstream)}\n`);
    const errorRate = envNumber(env, 'ERROR_RATE', 0);
    if (errorRate > 0 && this.ctx.random() < errorRate) {
      return send(500, `simulated error (ERROR_RATE=${errorRate}) from ${this.ctx.config.podName}\n`);
    }
    const file = staticFile(this.ctx.config.mounts, env.SERVE_DIR || NGINX_HTML_DIR, path);
    if (file) return send(file.status, file.body, file.type);
    const info = this.info(req);
    if ((req.headers.accept ?? '').includes('application/json')) {
      return send(200, JSON.stringify(info) + '\n', 'application/json');
    }
    const message = info.message ? ` ${info.message}` : '';
    send(
      200,
      `Hello from ${info.pod} (namespace ${info.namespace}, node ${info.node}, pod IP ${info.podIP}, image ${info.image})${message}\n` +
        (upstream ? `${describeUpstream(upstream)}\n` : ''),
    );
  }

  private info(req: IncomingMessage) {
    const c = this.ctx.config;
    return {
      pod: c.podName,
      namespace: c.podNamespace,
      node: c.nodeName,
      podIP: c.podIP,
      container: c.name,
      image: c.image,
      method: req.method,
      path: req.url,
      message: c.env.MESSAGE,
      upstream: this.upstreamResults.get(req),
    };
  }
}
