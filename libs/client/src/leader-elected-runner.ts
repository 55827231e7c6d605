/**
 * The life of a component that runs only while it leads (kube-scheduler, kube-controller-manager):
 * informers first; once their caches have synced, campaign for the Lease (or, without leader
 * election, just start); start acting on leadership, stop on losing it, release on shutdown.
 */
import { Logger } from '@orchestra/observability';
import { LeaderElector, LeaderElectorOptions } from './leader-elector';

export interface LeaderElectedRunnerOptions {
  /** Omit to run without leader election (a single replica). */
  leaderElection?: Omit<LeaderElectorOptions, 'onStartedLeading' | 'onStoppedLeading' | 'logger'>;
  logger: Logger;
  waitForSync(): Promise<void>;
  /** Start acting (leadership gained); may be called again after a `stop`. */
  start(): Promise<void>;
  /** Stop acting at once (leadership lost); caches keep running. */
  stop(): Promise<void>;
  /** Logged fields once the caches have synced. */
  syncedFields?(): Record<string, unknown>;
}

export class LeaderElectedRunner {
  readonly elector?: LeaderElector;
  private started?: Promise<void>;
  private closed = false;

  constructor(private readonly options: LeaderElectedRunnerOptions) {
    if (options.leaderElection) {
      this.elector = new LeaderElector({
        ...options.leaderElection,
        logger: options.logger,
        onStartedLeading: () => void this.run(options.start, 'starting'),
        onStoppedLeading: () => void this.run(options.stop, 'stopping'),
      });
    }
  }

  /** Call once the informers have been started. */
  begin(): void {
    this.started = this.startAfterSync();
  }

  /** Releases the Lease (a successor takes over at once) and waits for the start-up to settle. */
  async close(): Promise<void> {
    this.closed = true;
    await this.elector?.stop();
    await this.started?.catch(() => undefined);
  }

  private async startAfterSync(): Promise<void> {
    try {
      await this.options.waitForSync();
    } catch (error) {
      if (!this.closed) this.options.logger.error('informer caches did not sync', { error });
      return;
    }
    if (this.closed) return;
    this.options.logger.info('caches synced', {
      leaderElection: Boolean(this.elector),
      ...this.options.syncedFields?.(),
    });
    if (this.elector) this.elector.start();
    else await this.run(this.options.start, 'starting');
  }

  private async run(action: () => Promise<void>, what: string): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!this.closed) this.options.logger.error(`${what} failed`, { error });
    }
  }
}
