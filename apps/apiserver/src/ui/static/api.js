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
 * A live copy of the objects under `path` (a list URL, with its own query if any). Lists, then
 * watches from the list's resourceVersion; when a watch ends (server timeout, apiserver restart)
 * it watches again from the last resourceVersion seen, and when that is too old (410 Gone, as an
 * HTTP status or an ERROR event) it lists afresh. Changes are batched: `onChange` runs at most
 * once per `batchMs`, so a burst of events (a Deployment scaling up) repaints once.
 */
export class Informer {
  constructor(path, { onChange, onStatus = () => {}, batchMs = 50 }) {
    this.path = path;
    this.onChange = onChange;
    this.onStatus = onStatus;
    this.batchMs = batchMs;
    this.objects = new Map();
    this.abort = new AbortController();
    this.pending = undefined;
  }

  items() {
    return [...this.objects.values()];
  }

  start() {
    void this.run();
    return this;
  }

  stop() {
    this.abort.abort();
    clearTimeout(this.pending);
  }

  get stopped() {
    return this.abort.signal.aborted;
  }

  async run() {
    let failures = 0;
    while (!this.stopped) {
      try {
        const list = await request('GET', this.path, this.abort.signal);
        this.objects = new Map(list.items.map((o) => [keyOf(o), o]));
        this.changed();
        let resourceVersion = list.metadata.resourceVersion;
        this.onStatus('live');
        failures = 0;
        while (!this.stopped && resourceVersion) resourceVersion = await this.watch(resourceVersion);
      } catch (error) {
        if (this.stopped) return;
        // Back off (up to 5 s) while the apiserver is down, and say so on the page.
        this.onStatus('error', error);
        await sleep(Math.min(5000, 500 * 2 ** failures++));
      }
    }
  }

  /** One watch request; resolves with the resourceVersion to resume from, or undefined to relist. */
  async watch(resourceVersion) {
    const sep = this.path.includes('?') ? '&' : '?';
    const url = `${this.path}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${resourceVersion}`;
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: this.abort.signal });
    if (res.status === 410) return undefined;
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => undefined));
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
