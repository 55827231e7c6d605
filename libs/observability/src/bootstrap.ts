import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'winston';
import { createLogger, logLevelFromEnv } from './logger';
import { NestLoggerAdapter } from './nest-logger.adapter';

export interface BootstrapOptions {
  /** The app's root module; it imports `ObservabilityModule.forRoot({ component })`. */
  module: Type<unknown> | DynamicModule;
  component: string;
  port: number;
  host: string;
  /** Nest's JSON/urlencoded body parsing; the apiserver turns it off to read bodies itself. */
  bodyParser?: boolean;
  /**
   * Serve HTTPS with this key and certificate (Nest's `httpsOptions`). A function is called at
   * start, so a failure to read the files is logged and exits like any other start-up failure;
   * undefined serves plain HTTP.
   */
  httpsOptions?: HttpsOptions | (() => HttpsOptions | undefined);
}

/** Node's TLS server options: `{ key, cert }` at least. */
export type HttpsOptions = NonNullable<NestApplicationOptions['httpsOptions']>;

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** `docker stop` sends SIGKILL after 10 s: exit on our own terms a little before that. */
export const SHUTDOWN_GRACE_MS = 8000;

/**
 * Starts a component: Nest app logging JSON through winston, listening on `host:port`, closing
 * cleanly (lifecycle hooks, open connections dropped, exit 0) on SIGTERM/SIGINT. A start-up
 * failure is logged and exits with status 1, so `main.ts` is just a call to this.
 */
export async function bootstrapComponent(options: BootstrapOptions): Promise<INestApplication> {
  // Level `info` until LOG_LEVEL is validated, so that a bad value is itself logged as JSON.
  const logger = createLogger({ component: options.component, level: 'info' });
  try {
    logger.level = logLevelFromEnv();
    const httpsOptions =
      typeof options.httpsOptions === 'function' ? options.httpsOptions() : options.httpsOptions;
    const app = await NestFactory.create(options.module, {
      ...(httpsOptions ? { httpsOptions } : {}),
      logger: new NestLoggerAdapter(logger),
      abortOnError: false,
      bodyParser: options.bodyParser ?? true,
      // Long-lived watch streams would otherwise keep the server from closing.
      forceCloseConnections: true,
    });
    armShutdownWatchdog(logger);
    app.enableShutdownHooks([...SHUTDOWN_SIGNALS], { useProcessExit: true });
    await app.listen(options.port, options.host);
    // The bound address (0.0.0.0 in a container), not Nest's getUrl(), which rewrites it to 127.0.0.1.
    const { address, port } = app.getHttpServer().address() as AddressInfo;
    const url = `${httpsOptions ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`;
    logger.info(`${options.component} listening on ${url}`, { url });
    return app;
  } catch (error) {
    logger.error(`${options.component} failed to start`, { error });
    process.exit(1);
  }
}

/** Logs the signal and bounds the shutdown: a hook that hangs must not keep the process alive. */
function armShutdownWatchdog(logger: Logger): void {
  for (const signal of SHUTDOWN_SIGNALS) {
    process.once(signal, () => {
      logger.info(`received ${signal}; shutting down`, { signal });
      setTimeout(() => {
        logger.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms; exiting`);
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
    });
  }
}
