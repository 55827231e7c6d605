/** One access-log line per HTTP request, in the combined log format nginx and Apache write. */
import type { IncomingMessage, ServerResponse } from 'node:http';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function accessLogLine(req: IncomingMessage, status: number, bytes: number, timeMs: number): string {
  const forwarded = header(req, 'x-forwarded-for')?.split(',')[0]?.trim();
  const client = forwarded || req.socket?.remoteAddress || '-';
  const request = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion ?? '1.1'}`;
  const referer = header(req, 'referer') ?? '-';
  const agent = header(req, 'user-agent') ?? '-';
  return `${client} - - [${clfTime(timeMs)}] "${request}" ${status} ${bytes} "${referer}" "${agent}"`;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `10/Oct/2000:13:55:36 +0000`. */
function clfTime(timeMs: number): string {
  const d = new Date(timeMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** Sends a body and writes the access line once the response is done. */
export function respond(
  log: (line: string) => void,
  now: () => number,
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType = 'text/plain; charset=utf-8',
): void {
  const bytes = Buffer.byteLength(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes });
  res.end(body);
  log(accessLogLine(req, status, bytes, now()));
}
