/**
 * A container's log (what containerd writes under /var/log/pods): the last `capacity` lines with
 * their times, queried the way `kubectl logs` asks (tailLines, sinceSeconds, timestamps) and
 * followed live (`-f`) until the container ends.
 */
import type { FollowLogsOptions, LogQuery } from './container-runtime';

interface LogEntry {
  timeMs: number;
  /** Nanoseconds inside the millisecond, so lines written in the same millisecond keep their order. */
  nanos: number;
  line: string;
}

interface Follower {
  onLine: (line: string) => void;
  options: FollowLogsOptions;
}

export const DEFAULT_LOG_LINES = 1000;

export class LogBuffer {
  private readonly entries: LogEntry[] = [];
  private readonly followers = new Set<Follower>();
  private lastMs = -1;
  private lastNanos = 0;
  private ended = false;

  constructor(private readonly capacity = DEFAULT_LOG_LINES) {}

  append(timeMs: number, text: string): void {
    if (this.ended) return;
    for (const line of text.split('\n')) {
      const nanos = timeMs === this.lastMs ? this.lastNanos + 1 : 0;
      this.lastMs = timeMs;
      this.lastNanos = nanos;
      const entry = { timeMs, nanos, line };
      this.entries.push(entry);
      if (this.entries.length > this.capacity) this.entries.shift();
      for (const f of this.followers) f.onLine(render(entry, f.options.timestamps));
    }
  }

  query(query: LogQuery = {}, nowMs: number): string[] {
    let entries = this.entries;
    if (query.sinceSeconds !== undefined) {
      const since = nowMs - query.sinceSeconds * 1000;
      entries = entries.filter((e) => e.timeMs >= since);
    }
    if (query.tailLines !== undefined) entries = query.tailLines > 0 ? entries.slice(-query.tailLines) : [];
    return entries.map((e) => render(e, query.timestamps));
  }

  follow(onLine: (line: string) => void, options: FollowLogsOptions = {}): () => void {
    if (this.ended) {
      options.onEnd?.();
      return () => undefined;
    }
    const follower = { onLine, options };
    this.followers.add(follower);
    return () => void this.followers.delete(follower);
  }

  /** The writer is gone (the container exited): followers are told, and later writes are dropped. */
  end(): void {
    this.ended = true;
    const followers = [...this.followers];
    this.followers.clear();
    for (const f of followers) f.options.onEnd?.();
  }
}

function render(entry: LogEntry, timestamps?: boolean): string {
  return timestamps ? `${formatRfc3339Nano(entry.timeMs, entry.nanos)} ${entry.line}` : entry.line;
}

/** Go's time.RFC3339Nano in UTC, as the CRI log format and `kubectl logs --timestamps` print it. */
export function formatRfc3339Nano(timeMs: number, extraNanos = 0): string {
  const iso = new Date(timeMs).toISOString(); // 2025-01-01T12:00:00.123Z
  const ms = iso.slice(20, 23);
  // Go trims trailing zeros of the fraction (and the dot when nothing is left).
  const fraction = `${ms}${String(extraNanos).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}
