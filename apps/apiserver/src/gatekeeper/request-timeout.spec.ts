import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { sendJson } from '../http/api-response';
import {
  effectiveTimeoutSeconds,
  hasTimedOut,
  parseGoDurationSeconds,
  RequestTimeout,
  requestTimeoutMessage,
  Timers,
} from './request-timeout';

/** Timers fired by hand: `fire()` runs every armed one, as if its time had come. */
class ManualTimers implements Timers {
  armed = new Map<number, { fn: () => void; ms: number }>();
  private next = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    this.armed.set(++this.next, { fn, ms });
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.armed.delete(handle as number);
  }
  fire(): void {
    for (const [id, { fn }] of [...this.armed]) {
      this.armed.delete(id);
      fn();
    }
  }
}

describe(RequestTimeout.name, () => {
  let server: Server;
  let base: string;
  let timers: ManualTimers;
  let handler: (req: Request, res: Response) => void;
  const handlerErrors: unknown[] = [];

  beforeEach(async () => {
    timers = new ManualTimers();
    const timeout = new RequestTimeout(60, timers);
    server = createServer((req, res) => {
      // The Express method sendError uses.
      const expressRes = Object.assign(res, {
        status(code: number) {
          res.statusCode = code;
          return expressRes;
        },
      }) as unknown as Response;
      const expressReq = Object.assign(req, { originalUrl: req.url }) as unknown as Request;
      timeout.arm(expressReq, expressRes);
      try {
        handler(expressReq, expressRes);
      } catch (error) {
        handlerErrors.push(error);
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    handlerErrors.length = 0;
  });

  it('answers 504 Timeout as a Kubernetes Status once the time is up, and drops the handler’s late answer', async () => {
    let late: Response | undefined;
    handler = (_req, res) => {
      late = res;
    };
    const answer = fetch(`${base}/api/v1/pods`);
    await until(() => timers.armed.size === 1);
    expect([...timers.armed.values()][0].ms).toBe(60_000);
    timers.fire();
    const res = await answer;
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: requestTimeoutMessage,
      reason: 'Timeout',
      code: 504,
    });
    expect(hasTimedOut(late!)).toBe(true);
    // The handler answers at last: no ERR_HTTP_HEADERS_SENT, and the status stays 504.
    expect(() => sendJson(late!, 200, { kind: 'PodList' })).not.toThrow();
    expect(() => late!.writeHead(201).end('late')).not.toThrow();
    expect(late!.statusCode).toBe(504);
    expect(handlerErrors).toEqual([]);
  });

  it('leaves a request that answered in time alone, its timer cleared', async () => {
    handler = (_req, res) => sendJson(res, 200, { ok: true });
    const res = await fetch(`${base}/api/v1/pods`);
    expect(res.status).toBe(200);
    await until(() => timers.armed.size === 0);
  });

  it('does not time watches, followed logs or the probes', async () => {
    const seen: string[] = [];
    handler = (req, res) => {
      seen.push(req.url);
      sendJson(res, 200, {});
    };
    for (const path of ['/api/v1/pods?watch=true', '/api/v1/namespaces/a/pods/p/log?follow=true', '/readyz'])
      await fetch(base + path);
    expect(seen).toHaveLength(3);
    expect(timers.armed.size).toBe(0);
  });

  it('honours a shorter ?timeout= as Kubernetes does', async () => {
    handler = () => undefined;
    const answer = fetch(`${base}/api/v1/pods?timeout=5s`);
    await until(() => timers.armed.size === 1);
    expect([...timers.armed.values()][0].ms).toBe(5_000);
    timers.fire();
    expect((await answer).status).toBe(504);
  });
});

describe(effectiveTimeoutSeconds.name, () => {
  it('takes the shorter of ?timeout= and the server’s limit, ignoring what Go would not parse', () => {
    expect(effectiveTimeoutSeconds(null, 60)).toBe(60);
    expect(effectiveTimeoutSeconds('32s', 60)).toBe(32);
    expect(effectiveTimeoutSeconds('1m30s', 60)).toBe(60);
    expect(effectiveTimeoutSeconds('250ms', 60)).toBe(0.25);
    expect(effectiveTimeoutSeconds('0s', 60)).toBe(60);
    expect(effectiveTimeoutSeconds('soon', 60)).toBe(60);
    expect(parseGoDurationSeconds('1h2m3.5s')).toBe(3723.5);
    expect(parseGoDurationSeconds('10')).toBeUndefined();
  });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}
