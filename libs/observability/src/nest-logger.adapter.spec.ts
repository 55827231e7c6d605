import type { Logger } from 'winston';
import { NestLoggerAdapter } from './nest-logger.adapter';

describe(NestLoggerAdapter.name, () => {
  const log = jest.fn();
  const adapter = new NestLoggerAdapter({ log } as unknown as Logger);
  beforeEach(() => log.mockClear());

  it('maps Nest levels to winston and its trailing string to context', () => {
    adapter.log('Mapped {/healthz, GET} route', 'RouterExplorer');
    adapter.verbose('details');
    expect(log).toHaveBeenNthCalledWith(1, 'info', 'Mapped {/healthz, GET} route', {
      context: 'RouterExplorer',
    });
    expect(log).toHaveBeenNthCalledWith(2, 'verbose', 'details', {});
  });

  it('keeps the stack Nest passes before the context', () => {
    const stack = 'Error: boom\n    at Object.<anonymous> (x.ts:1:1)';
    adapter.error('boom', stack, 'ExceptionsHandler');
    expect(log).toHaveBeenCalledWith('error', 'boom', { context: 'ExceptionsHandler', stack });
  });

  it('logs Error and object messages as structured fields', () => {
    const error = new Error('no route');
    adapter.error(error);
    adapter.warn({ route: '/x' }, 'Router');
    expect(log).toHaveBeenNthCalledWith(1, 'error', 'no route', { error });
    expect(log).toHaveBeenNthCalledWith(2, 'warn', '', { context: 'Router', detail: { route: '/x' } });
  });
});
