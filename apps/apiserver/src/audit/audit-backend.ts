/**
 * Where audit events go (kube-apiserver's log backend, --audit-log-path): `-` is stdout, one JSON
 * line per event beside the component's log lines, with the same leading fields every log line has
 * (time, level, component, message "audit"), so everything a component prints stays one kind of
 * line; Fluentd routes them apart by their apiVersion. A path gets the bare events as JSON lines
 * appended (Kubernetes' file format), its directory made if missing.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface AuditBackend {
  /** Writes one event's JSON line; `failed` is called if it cannot be written. */
  write(line: string, failed: (error: Error) => void): void;
  close(): Promise<void>;
}

export class StreamAuditBackend implements AuditBackend {
  constructor(
    private readonly stream: NodeJS.WritableStream,
    /** The component name for the log-line fields; none: the bare event. */
    private readonly component?: string,
  ) {}

  write(line: string, failed: (error: Error) => void): void {
    try {
      this.stream.write(`${this.component ? this.withLogFields(line) : line}\n`);
    } catch (error) {
      failed(error as Error);
    }
  }

  async close(): Promise<void> {}

  /** `{"time":…,"level":"info","component":…,"message":"audit",<the event's fields>}`. */
  private withLogFields(eventJson: string): string {
    const fields = JSON.stringify({
      time: new Date().toISOString(),
      level: 'info',
      component: this.component,
      message: 'audit',
    });
    return `${fields.slice(0, -1)},${eventJson.slice(1)}`;
  }
}

export class FileAuditBackend implements AuditBackend {
  private readonly stream: WriteStream;
  private failed?: (error: Error) => void;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a' });
    this.stream.on('error', (error) => this.failed?.(error));
  }

  write(line: string, failed: (error: Error) => void): void {
    this.failed = failed;
    if (this.stream.destroyed || this.stream.writableEnded)
      return failed(new Error(`${this.path} is closed`));
    this.stream.write(`${line}\n`);
  }

  close(): Promise<void> {
    return new Promise((done) => this.stream.end(done));
  }
}

export function auditBackendFor(path: string, component = 'kube-apiserver'): AuditBackend {
  return path === '-' ? new StreamAuditBackend(process.stdout, component) : new FileAuditBackend(path);
}
