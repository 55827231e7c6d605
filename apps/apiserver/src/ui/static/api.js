// The page's only way to the apiserver: same-origin REST calls, and informers (list, then watch)
// that keep a live copy of one resource, as client-go's informers do for the controllers.

/** An API answer that was not 2xx: `message` is the Kubernetes Status message, for people. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.reason = body?.reason;
  }
}

/** A JSON request; throws ApiError with the Status message when the answer is not 2xx. */
export async function request(method, path, signal) {
  const res = await fetch(path, { method, headers: { accept: 'application/json' }, signal });
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = { message: text.trim() || res.statusText };
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

export function loadConfig() {
  return request('GET', './config.json');
}

const keyOf = (object) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Browsers open at most 6 HTTP/1.1 connections to one server, shared by all its tabs, and every
 * watch holds one: the page keeps to 5 (nodes, pods, deployments, events, chaosexperiments) and
 * stops them in a hidden tab. A request still waiting for a connection after this long is
 * reported, so a frozen page says why instead of looking live.
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

/**
 * A live copy of the objects under `path` (a list URL, with its own query if any). Lists, then
 * watches from the list's resourceVersion; when a watch ends (server timeout, apiserver restart)
 * it watches again from the last resourceVersion seen, and when that is too old (410 Gone, as an
 * HTTP status or an ERROR event) it lists afresh. Changes are batched: `onChange` runs at most
 * once per `batchMs`, so a burst of events (a Deployment scaling up) repaints once. `stop()` ends
 * the watch; `start()` again relists, as the resourceVersion may be long gone by then.
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

  async run(signal) {
    const waiting = () => this.onStatus('waiting');
    let failures = 0;
    while (!signal.aborted) {
      try {
        const res = await fetchNoticingWait(
          this.path,
          { headers: { accept: 'application/json' }, signal },
          waiting,
        );
        const list = await res.json();
        if (!res.ok) throw new ApiError(res.status, list);
        this.objects = new Map(list.items.map((o) => [keyOf(o), o]));
        this.changed();
        let resourceVersion = list.metadata.resourceVersion;
        failures = 0;
        while (!signal.aborted && resourceVersion)
          resourceVersion = await this.watch(resourceVersion, signal);
      } catch (error) {
        if (signal.aborted) return;
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
    const res = await fetchNoticingWait(url, { headers: { accept: 'application/json' }, signal }, () =>
      this.onStatus('waiting'),
    );
    if (res.status === 410) return undefined;
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => undefined));
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
