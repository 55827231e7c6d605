import { types } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'winston';

/**
 * Sends Nest's own logs (boot, routes, exceptions) through winston, so every line a component
 * writes is the same JSON. Nest passes `(message, ...params)` where the last string param is
 * the context (`RoutesResolver`) and, for errors, a stack may come first.
 */
export class NestLoggerAdapter implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  private write(level: string, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const strings = params.filter((param): param is string => typeof param === 'string');
    const stack = strings.find(isStack);
    const context = strings.filter((param) => param !== stack).at(-1);
    if (context) fields.context = context;
    if (message instanceof Error || types.isNativeError(message)) {
      fields.error = message;
      this.logger.log(level, message.message, fields);
      return;
    }
    if (stack) fields.stack = stack;
    if (typeof message === 'string') this.logger.log(level, message, fields);
    else this.logger.log(level, '', { ...fields, detail: message });
  }
}

function isStack(text: string): boolean {
  return /\n\s+at /.test(text);
}
