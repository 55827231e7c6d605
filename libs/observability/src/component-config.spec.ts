import { ConfigError, int, oneOf, port, readEnv, str, url } from './component-config';

describe(readEnv.name, () => {
  const spec = {
    SCHEDULER_PORT: port({ default: 10259 }),
    REDIS_URL: url({ protocols: ['redis'] }),
    LOG_LEVEL: oneOf(['info', 'debug'] as const, { default: 'info' }),
    NAME: str({ default: 'node-1' }),
  };

  it('parses and types every variable, applying defaults to unset or empty ones', () => {
    const config = readEnv(spec, { REDIS_URL: 'redis://redis:6379', LOG_LEVEL: 'debug', NAME: '' });
    expect(config).toEqual({
      SCHEDULER_PORT: 10259,
      REDIS_URL: 'redis://redis:6379',
      LOG_LEVEL: 'debug',
      NAME: 'node-1',
    });
    const level: 'info' | 'debug' = config.LOG_LEVEL;
    expect(level).toBe('debug');
  });

  it('reports every bad variable by name in one ConfigError', () => {
    const read = () => readEnv(spec, { SCHEDULER_PORT: '10259x', LOG_LEVEL: 'trace' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      'invalid environment: SCHEDULER_PORT: expected an integer from 0 to 65535, got "10259x"; ' +
        'REDIS_URL: is required; LOG_LEVEL: expected one of info, debug, got "trace"',
    );
  });

  it('checks ranges and URL schemes without echoing URLs, which may hold passwords', () => {
    expect(() => readEnv({ P: port() }, { P: '70000' })).toThrow('P: expected an integer from 0 to 65535');
    expect(() => readEnv({ N: int({ min: 1 }) }, { N: '0' })).toThrow('N: expected an integer from 1');
    expect(() => readEnv({ U: url() }, { U: 'not a url:secret@' })).toThrow(/U: expected a URL$/);
    expect(() => readEnv({ U: url({ protocols: ['redis'] }) }, { U: 'http://x' })).toThrow(
      'U: expected a redis URL, got "http:"',
    );
  });
});
