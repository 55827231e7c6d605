/**
 * The demo's own steady traffic to a Service through the proxy, so that "requests failed" is
 * what a user of the Service saw: every request's time and outcome (a 5xx, a cut-off or a
 * timeout is a failure).
 */
export interface LoadSample {
  at: number;
  ok: boolean;
}

export class ServiceLoad {
  private readonly samples: LoadSample[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly perSecond = 20,
    private readonly timeoutMs = 2_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.once(), 1000 / this.perSecond);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Requests sent in [from, to] and how many of them failed. */
  between(from: number, to: number): { sent: number; failed: number } {
    const window = this.samples.filter((s) => s.at >= from && s.at <= to);
    return { sent: window.length, failed: window.filter((s) => !s.ok).length };
  }

  private async once(): Promise<void> {
    const at = Date.now();
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(this.timeoutMs) });
      await res.arrayBuffer();
      this.samples.push({ at, ok: res.status < 500 });
    } catch {
      this.samples.push({ at, ok: false });
    }
  }
}
