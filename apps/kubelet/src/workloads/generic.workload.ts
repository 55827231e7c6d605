/**
 * A well-known public image (nginx, redis, postgres, ...) running its own program: logs a start
 * line, listens on the image's usual ports and on the pod's declared containerPorts (so tcpSocket
 * probes pass), answers HTTP on them with a small 200 page (nginx and httpd: the files mounted
 * under their document root, if any, see static-files.ts), and exits 0 on SIGTERM. An image whose
 * default command is an interactive shell (busybox, ubuntu, python) exits 0 at once when given no
 * command, as it does without a TTY on Kubernetes; a command we cannot interpret runs for ever.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { respond } from './access-log';
import { NGINX_HTML_DIR, staticFile } from './static-files';
import { memoryWithinLimit, type Workload, type WorkloadContext } from './workload';
import { MiB } from './workload-env';

export type GenericMode = 'server' | 'interactive' | 'shell-loop';

/** Where the web servers among the public images look for files. */
const DOCUMENT_ROOTS: Record<string, string> = { nginx: NGINX_HTML_DIR, httpd: '/usr/local/apache2/htdocs' };

const NGINX_WELCOME =
  '<!DOCTYPE html>\n<html>\n<head><title>Welcome to nginx!</title></head>\n<body>\n<h1>Welcome to nginx!</h1>\n' +
  '<p>If you see this page, the nginx web server is successfully installed and working.</p>\n</body>\n</html>\n';

export class GenericWorkload implements Workload {
  private ctx!: WorkloadContext;
  private ports = new Set<number>();

  /** `shell-loop`: a shell running something we cannot interpret (`while true; ...`); it ignores SIGTERM. */
  constructor(private readonly mode: GenericMode) {}

  start(ctx: WorkloadContext): void {
    this.ctx = ctx;
    const name = shortName(ctx.image.repository);
    if (this.mode === 'interactive') {
      // No stdin, no TTY: the shell or REPL reads EOF and exits successfully.
      ctx.after(10, () => ctx.exit(0));
      return;
    }
    this.ports = new Set([
      ...(ctx.image.defaultPorts ?? []),
      ...ctx.config.ports.map((p) => p.containerPort),
    ]);
    if (this.mode === 'server') {
      const ports = [...this.ports].map((p) => `:${p}`).join(', ');
      ctx.log(ctx.image.startLine ?? `${name}: ready${ports ? `, listening on ${ports}` : ''}`);
    }
  }

  onSignal(_signal: 'SIGTERM', ctx: WorkloadContext): void {
    if (this.mode === 'shell-loop') return; // PID 1 shell: no handler
    ctx.log(`${shortName(ctx.image.repository)}: received SIGTERM, shutting down`);
    ctx.exit(0);
  }

  listensOn(port: number): boolean {
    return this.ports.has(port);
  }

  serveHttp(_port: number, req: IncomingMessage, res: ServerResponse): void {
    const name = shortName(this.ctx.image.repository);
    const root = DOCUMENT_ROOTS[name];
    const file = root ? staticFile(this.ctx.config.mounts, root, req.url ?? '/') : undefined;
    const [status, body, type] = file
      ? [file.status, file.body, file.type]
      : name === 'nginx'
        ? [200, NGINX_WELCOME, 'text/html']
        : [200, `${name} is running on ${this.ctx.config.podName}\n`, undefined];
    respond(
      (l) => this.ctx.log(l),
      () => this.ctx.now(),
      req,
      res,
      status,
      body,
      type,
    );
  }

  usage() {
    const memory = this.mode === 'server' ? (this.ctx.image.memoryBytes ?? 16 * MiB) : MiB;
    return {
      cpuMilli: this.mode === 'server' ? 1 : 0,
      memoryBytes: memoryWithinLimit(memory, this.ctx.config.resources.memoryLimitBytes),
    };
  }
}

/** `docker.io/library/nginx` → `nginx`. */
function shortName(repository: string): string {
  return repository.slice(repository.lastIndexOf('/') + 1);
}
