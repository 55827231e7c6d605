/**
 * An OTLP/HTTP (JSON) trace receiver on loopback, for tests of tracing with real processes: what
 * a collector's otlp receiver would get (`OTEL_EXPORTER_OTLP_ENDPOINT=<url>`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ExportedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** Nanoseconds since the epoch, as decimal strings (OTLP/JSON's int64). */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: {
    key: string;
    value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
  }[];
  events?: { name: string }[];
}

export class OtlpReceiver {
  readonly spans: (ExportedSpan & { service: string })[] = [];
  posts = 0;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          this.posts++;
          const payload = JSON.parse(body) as {
            resourceSpans: {
              resource: { attributes: ExportedSpan['attributes'] };
              scopeSpans: { spans: ExportedSpan[] }[];
            }[];
          };
          for (const rs of payload.resourceSpans) {
            const service =
              rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
            for (const ss of rs.scopeSpans)
              for (const span of ss.spans) this.spans.push({ ...span, service });
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}

export const attribute = (span: ExportedSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue ?? value?.boolValue ?? value?.doubleValue;
};

/** Start and end in milliseconds since the epoch (fractions kept). */
export const startMs = (span: ExportedSpan) => Number(BigInt(span.startTimeUnixNano) / 1000n) / 1000;
export const endMs = (span: ExportedSpan) => Number(BigInt(span.endTimeUnixNano) / 1000n) / 1000;

/** A Redis command span (older and newer semantic conventions name the attribute differently). */
export const isRedis = (span: ExportedSpan) =>
  attribute(span, 'db.system') === 'redis' || attribute(span, 'db.system.name') === 'redis';
