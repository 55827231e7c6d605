// The page's only way to the apiserver: same-origin REST calls, and informers (list, then watch)
// that keep a live copy of one resource, as client-go's informers do for the controllers. Every
// API call carries the signed-in user's bearer token (auth.js); a 401 (no token, a wrong or
// expired one) goes to the handler set with onUnauthorized, which shows the sign-in view.
import { authHeaders } from './auth.js';

/** An API answer that was not 2xx: `message` is the Kubernetes Status message, for people. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.reason = body?.reason;
  }
}

let unauthorizedHandler = () => {};

/** What to do when the apiserver answers 401 to a call made with the stored token. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

async function parseBody(res) {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return { message: text.trim() || res.statusText };
  }
}

/**
 * A JSON request as the signed-in user (or with `token`, to try one before keeping it); throws
 * ApiError with the Status message when the answer is not 2xx.
 */
export async function request(method, path, { signal, body, token } = {}) {
  const headers = { accept: 'application/json' };
  Object.assign(headers, token ? { authorization: `Bearer ${token}` } : authHeaders());
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    signal,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await parseBody(res);
  if (res.ok) return parsed;
  const error = new ApiError(res.status, parsed);
  if (res.status === 401 && !token) unauthorizedHandler(error);
  throw error;
}

/** The page's settings: public, like the page itself, so read without a token. */
export async function loadConfig() {
  const res = await fetch('./config.json', { headers: { accept: 'application/json' } });
  const body = await parseBody(res);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

/**
 * Who `token` is, as `kubectl auth whoami` asks (a SelfSubjectReview): `{ username, groups }`.
 * An apiserver without that API is asked for its discovery instead, which any signed-in user may
 * read: then the token is known good but the name is not (`username` undefined). Throws the
 * ApiError of a refused token (401).
 */
export async function whoAmI(token) {
  try {
    const review = await request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    const user = review?.status?.userInfo ?? {};
    return { username: user.username, groups: user.groups ?? [] };
  } catch (error) {
    // 404: not served here; 403: not allowed to ask (a custom policy). Either way, not a 401.
    if (error.status !== 404 && error.status !== 403) throw error;
  }
  await request('GET', '/api', { token });
  return { username: undefined, groups: [] };
}

const keyOf = (object) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Browsers open at most 6 HTTP/1.1 connections to one server, shared by all its tabs, and every
 * watch holds one: the page keeps to 5 (nodes, pods, deployments, events, chaosexperiments), polls
 * the other workload kinds (ListPoller) on the sixth, and stops them all in a hidden tab. A
 * request still waiting for a connection after this long is reported, so a frozen page says why
 * instead of looking live.
 */
const waitingNoticeMs = 3000;

async function fetchNoticingWait(url, init, onWaiting) {
  const timer = setTimeout(onWaiting, waitingNoticeMs);
  try {
    return await fetch(url, init);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a forbidden list waits before asking again (a RoleBinding may be made meanwhile). */
const forbiddenRetryMs = 30_000;

/**
 * A live copy of the objects under `path` (a list URL, with its own query if any). Lists, then
 * watches from the list's resourceVersion; when a watch ends (server timeout, apiserver restart)
 * it watches again from the last resourceVersion seen, and when that is too old (410 Gone, as an
 * HTTP status or an ERROR event) it lists afresh. Changes are batched: `onChange` runs at most
 * once per `batchMs`, so a burst of events (a Deployment scaling up) repaints once. `stop()` ends
 * the watch; `start()` again relists, as the resourceVersion may be long gone by then.
 * A 403 (the user may not list these) empties it and reports `forbidden` with Kubernetes'
 * message, asking again now and then; a 401 stops it and goes to the onUnauthorized handler.
 */
export class Informer {
  constructor(path, { onChange, onStatus = () => {}, batchMs = 50 }) {
    this.path = path;
    this.onChange = onChange;
    this.onStatus = onStatus;
    this.batchMs = batchMs;
    this.objects = new Map();
    this.abort = undefined;
    this.pending = undefined;
  }

  items() {
    return [...this.objects.values()];
  }

  start() {
    if (this.abort) return this;
    this.abort = new AbortController();
    void this.run(this.abort.signal);
    return this;
  }

  stop() {
    this.abort?.abort();
    this.abort = undefined;
  }

  /** Stops, and forgets every object: the next user to sign in may not see them. */
  clear() {
    this.stop();
    clearTimeout(this.pending);
    this.pending = undefined;
    this.objects = new Map();
    this.onChange([]);
  }

  async run(signal) {
    const waiting = () => this.onStatus('waiting');
    let failures = 0;
    while (!signal.aborted) {
      try {
        const res = await fetchNoticingWait(
          this.path,
          { headers: { accept: 'application/json', ...authHeaders() }, signal },
          waiting,
        );
        const list = await parseBody(res);
        if (!res.ok) throw new ApiError(res.status, list);
        this.objects = new Map(list.items.map((o) => [keyOf(o), o]));
        this.changed();
        let resourceVersion = list.metadata.resourceVersion;
        failures = 0;
        while (!signal.aborted && resourceVersion)
          resourceVersion = await this.watch(resourceVersion, signal);
      } catch (error) {
        if (signal.aborted) return;
        if (error.status === 401) {
          if (this.abort?.signal === signal) this.abort = undefined;
          unauthorizedHandler(error);
          return;
        }
        if (error.status === 403) {
          // Not this user's to see: say so where the objects would be, and nothing stale stays.
          this.objects = new Map();
          this.changed();
          this.onStatus('forbidden', error);
          await sleep(forbiddenRetryMs);
          continue;
        }
        // Back off (up to 5 s) while the apiserver is down, and say so on the page.
        this.onStatus('error', error);
        await sleep(Math.min(5000, 500 * 2 ** failures++));
      }
    }
  }

  /** One watch request; resolves with the resourceVersion to resume from, or undefined to relist. */
  async watch(resourceVersion, signal) {
    const sep = this.path.includes('?') ? '&' : '?';
    const url = `${this.path}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${resourceVersion}`;
    const res = await fetchNoticingWait(
      url,
      { headers: { accept: 'application/json', ...authHeaders() }, signal },
      () => this.onStatus('waiting'),
    );
    if (res.status === 410) return undefined;
    if (!res.ok) throw new ApiError(res.status, await parseBody(res));
    this.onStatus('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return resourceVersion; // the server ended it: resume where we were
      buffer += value;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) {
        if (!line.trim()) continue;
        const event = JSON.parse(line);
        if (event.type === 'ERROR') {
          await reader.cancel();
          if (event.object?.code === 410) return undefined;
          throw new ApiError(event.object?.code ?? 500, event.object);
        }
        resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
        if (event.type === 'BOOKMARK') continue;
        if (event.type === 'DELETED') this.objects.delete(keyOf(event.object));
        else this.objects.set(keyOf(event.object), event.object);
        this.changed();
      }
    }
  }

  changed() {
    if (this.pending !== undefined) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.onChange(this.items());
    }, this.batchMs);
  }
}

/**
 * The objects of several resources, listed one after another every `intervalMs`: no watch, so it
 * holds no connection while it waits, and never more than one while it lists (the page's five
 * watches leave the sixth for it, chaos buttons and sign-in). For kinds that change seldom and
 * are glanced at, a few seconds late is fine. Each source is `{ path, onChange, onStatus }` and
 * is reported as an informer is: `live` after each list, `error`, `waiting` for a connection,
 * and `forbidden` (emptied, asked again after forbiddenRetryMs) on a 403; a 401 stops it all and
 * goes to the onUnauthorized handler. `stop()`, `start()` and `clear()` as for an Informer.
 */
export class ListPoller {
  constructor(sources, { intervalMs = 5000 } = {}) {
    this.sources = sources.map((source) => ({ ...source, forbiddenUntil: 0 }));
    this.intervalMs = intervalMs;
    this.abort = undefined;
  }

  start() {
    if (this.abort) return this;
    this.abort = new AbortController();
    void this.run(this.abort.signal);
    return this;
  }

  stop() {
    this.abort?.abort();
    this.abort = undefined;
  }

  /** Stops, and forgets every object: the next user to sign in may not see them. */
  clear() {
    this.stop();
    for (const source of this.sources) {
      source.forbiddenUntil = 0;
      source.onChange([]);
    }
  }

  async run(signal) {
    while (!signal.aborted) {
      for (const source of this.sources) {
        if (signal.aborted) return;
        if (source.forbiddenUntil > Date.now()) continue;
        try {
          const res = await fetchNoticingWait(
            source.path,
            { headers: { accept: 'application/json', ...authHeaders() }, signal },
            () => source.onStatus('waiting'),
          );
          const list = await parseBody(res);
          if (!res.ok) throw new ApiError(res.status, list);
          if (signal.aborted) return;
          source.onChange(list.items);
          source.onStatus('live');
        } catch (error) {
          if (signal.aborted) return;
          if (error.status === 401) {
            if (this.abort?.signal === signal) this.abort = undefined;
            unauthorizedHandler(error);
            return;
          }
          if (error.status === 403) {
            source.forbiddenUntil = Date.now() + forbiddenRetryMs;
            source.onChange([]);
            source.onStatus('forbidden', error);
          } else source.onStatus('error', error);
        }
      }
      await sleep(this.intervalMs);
    }
  }
}
