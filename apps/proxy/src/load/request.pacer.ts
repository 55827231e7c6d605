/**
 * Calls `send` `rps` times a second, evenly spaced. It catches up after a late timer (up to one
 * second's worth); further behind it starts counting afresh rather than sending a burst.
 */
export class RequestPacer {
  private readonly intervalMs: number;
  private startedAt = 0;
  private sent = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    rps: number,
    private readonly send: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = 1000 / rps;
  }

  start(): void {
    this.startedAt = this.now();
    this.sent = 0;
    this.tick();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const elapsed = this.now() - this.startedAt;
    if (elapsed - this.sent * this.intervalMs > 1000) {
      this.startedAt = this.now();
      this.sent = 0;
    }
    while (this.sent * this.intervalMs <= this.now() - this.startedAt) {
      this.sent++;
      this.send();
    }
    const wait = this.startedAt + this.sent * this.intervalMs - this.now();
    this.timer = setTimeout(() => this.tick(), Math.max(0, wait));
  }
}
