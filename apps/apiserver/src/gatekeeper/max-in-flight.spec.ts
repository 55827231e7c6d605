import { EventEmitter } from 'node:events';
import { ApiError } from '@orchestra/api';
import type { Request, Response } from 'express';
import { Registry } from 'prom-client';
import { MaxInFlightLimiter, MaxInFlightMetrics, tooManyRequestsMessage } from './max-in-flight';

function request(method: string, path: string, groups: string[] = []) {
  const req = { method, originalUrl: path, url: path, headers: {} } as unknown as Request;
  const res = Object.assign(new EventEmitter(), { closed: false }) as unknown as Response;
  return { req, res, user: { username: 'u', groups } };
}

function limiter(readOnly = 2, mutating = 1, exemptGroups?: string[]) {
  const registry = new Registry();
  const dropped: unknown[] = [];
  const limits = new MaxInFlightLimiter(
    { readOnly, mutating, exemptGroups },
    new MaxInFlightMetrics(registry),
    { recordDropped: (...args: unknown[]) => void dropped.push(args) },
  );
  const metric = async (name: string) =>
    Object.fromEntries(
      (await registry.getSingleMetric(name)!.get()).values.map((v) => [v.labels.request_kind, v.value]),
    );
  return { limits, dropped, metric };
}

function refusal(fn: () => void): ApiError | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as ApiError;
  }
}

describe(MaxInFlightLimiter.name, () => {
  it('serves up to the read-only limit at once, then answers 429 with Retry-After 1 and Kubernetes’ message', async () => {
    const { limits, metric } = limiter(2, 1);
    const [a, b, c] = [1, 2, 3].map(() => request('GET', '/api/v1/pods'));
    limits.acquire(a.req, a.res);
    limits.acquire(b.req, b.res);
    const error = refusal(() => limits.acquire(c.req, c.res));
    expect(error?.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: tooManyRequestsMessage,
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 1 },
      code: 429,
    });
    expect(await metric('apiserver_current_inflight_requests')).toEqual({ readOnly: 2, mutating: 0 });
    expect(await metric('apiserver_dropped_requests_total')).toEqual({ readOnly: 1, mutating: 0 });
  });

  it('counts mutating requests apart from reads', () => {
    const { limits } = limiter(1, 1);
    const read = request('GET', '/api/v1/pods');
    const write = request('POST', '/api/v1/namespaces/a/pods');
    limits.acquire(read.req, read.res);
    limits.acquire(write.req, write.res);
    expect(limits.inFlight()).toEqual({ readOnly: 1, mutating: 1 });
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const next = request(method, '/api/v1/namespaces/a/pods/p');
      expect(refusal(() => limits.acquire(next.req, next.res))?.code).toBe(429);
    }
  });

  it('frees the slot once the response closes (finished or the client gone), once', async () => {
    const { limits, metric } = limiter(1, 1);
    const first = request('GET', '/api/v1/pods');
    limits.acquire(first.req, first.res);
    first.res.emit('close');
    first.res.emit('close');
    expect(limits.inFlight()).toEqual({ readOnly: 0, mutating: 0 });
    const second = request('GET', '/api/v1/pods');
    limits.acquire(second.req, second.res);
    expect(await metric('apiserver_current_inflight_requests')).toEqual({ readOnly: 1, mutating: 0 });
  });

  it('does not count watches, followed logs or the health probes', () => {
    const { limits } = limiter(1, 1);
    for (const path of [
      '/api/v1/pods?watch=true',
      '/api/v1/namespaces/a/pods/p/log?follow=true',
      '/healthz',
      '/livez',
      '/readyz',
      '/readyz/etcd',
    ]) {
      for (let i = 0; i < 3; i++) {
        const r = request('GET', path);
        limits.acquire(r.req, r.res);
      }
    }
    expect(limits.inFlight()).toEqual({ readOnly: 0, mutating: 0 });
  });

  it('exempts nobody by default; exemptGroups lets their members through when full', () => {
    const plain = limiter(1, 1);
    const busy = request('GET', '/api/v1/pods');
    plain.limits.acquire(busy.req, busy.res);
    const master = request('GET', '/api/v1/pods', ['system:masters']);
    expect(refusal(() => plain.limits.acquire(master.req, master.res, master.user))?.code).toBe(429);

    const exempting = limiter(1, 1, ['system:masters']);
    exempting.limits.acquire(busy.req, busy.res);
    expect(refusal(() => exempting.limits.acquire(master.req, master.res, master.user))).toBeUndefined();
  });

  it('counts a refused resource request in apiserver_request_total with code 429', () => {
    const { limits, dropped } = limiter(1, 1);
    const busy = request('POST', '/api/v1/namespaces/a/pods');
    limits.acquire(busy.req, busy.res);
    const refused = request('POST', '/api/v1/namespaces/a/pods?dryRun=All');
    refusal(() => limits.acquire(refused.req, refused.res));
    expect(dropped).toEqual([
      [
        { verb: 'POST', group: '', version: 'v1', resource: 'pods', subresource: '', scope: 'namespace' },
        true,
        429,
      ],
    ]);
  });
});
