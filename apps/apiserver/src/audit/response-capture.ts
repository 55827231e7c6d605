/**
 * Keeps a copy of what a handler writes, for the audit event's responseObject (RequestResponse
 * level only): res.write and res.end are wrapped on this one response, the bytes pass through
 * unchanged, and only JSON answers of at most `maxBytes` become an object.
 */
import type { ServerResponse } from 'node:http';

export interface ResponseCapture {
  /** The body as an object, if it was JSON and not too large. */
  object(res: ServerResponse): unknown;
}

export function captureResponseBody(res: ServerResponse, maxBytes: number): ResponseCapture {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (overflow || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    size += buffer.length;
    if (size > maxBytes) {
      overflow = true;
      chunks.length = 0;
      return;
    }
    chunks.push(buffer);
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    keep(args[0], args[1]);
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    keep(args[0], args[1]);
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
  return {
    object(response) {
      if (overflow || chunks.length === 0) return undefined;
      const type = String(response.getHeader('content-type') ?? '');
      if (!/^application\/([\w.+-]+\+)?json\b/.test(type)) return undefined;
      try {
        return JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return undefined;
      }
    },
  };
}
