/** Lets a loop sleep until there is work, instead of polling: `notify()` wakes one `wait()`. */
export class WakeSignal {
  private pending = false;
  private waiter?: () => void;

  notify(): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter();
    } else {
      this.pending = true;
    }
  }

  /** Resolves at the next notify (at once if one came since the last wait). */
  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.waiter = resolve));
  }
}
