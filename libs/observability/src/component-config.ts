/**
 * Configuration comes from the environment, read once in `main.ts` and validated before anything
 * starts: a bad value stops the process with the variable's name instead of failing later.
 *
 *   const env = readEnv({ SCHEDULER_PORT: int({ default: 10259 }), REDIS_URL: url() });
 *   env.SCHEDULER_PORT; // number
 */

/** How to read one variable: `raw` is undefined when the variable is unset or empty. */
export interface EnvVar<T> {
  parse(raw: string | undefined): T;
}

export type EnvSpec = Record<string, EnvVar<unknown>>;
export type EnvConfig<S extends EnvSpec> = {
  readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid environment: ${problems.join('; ')}`);
  }
}

/** Reads every variable of `spec` from `env`, reporting all bad ones at once. */
export function readEnv<S extends EnvSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): EnvConfig<S> {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, variable] of Object.entries(spec)) {
    const raw = env[name]?.trim();
    try {
      config[name] = variable.parse(raw === '' ? undefined : raw);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config) as EnvConfig<S>;
}

interface Options<T> {
  default?: T;
}

function variable<T>(options: Options<T>, parse: (raw: string) => T): EnvVar<T> {
  return {
    parse(raw) {
      if (raw !== undefined) return parse(raw);
      if (options.default !== undefined) return options.default;
      throw new Error('is required');
    },
  };
}

export function str(options: Options<string> = {}): EnvVar<string> {
  return variable(options, (raw) => raw);
}

export function int(options: Options<number> & { min?: number; max?: number } = {}): EnvVar<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return variable(options, (raw) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      throw new Error(`expected an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  });
}

/** A TCP port; 0 asks the OS for a free one (tests). */
/** `true`/`false` (also `1`/`0`), as Kubernetes components' boolean flags. */
export function bool(options: Options<boolean> = {}): EnvVar<boolean> {
  return variable(options, (raw) => {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new Error(`expected true or false, got "${raw}"`);
  });
}

export function port(options: Options<number> = {}): EnvVar<number> {
  return int({ ...options, min: 0, max: 65535 });
}

export function url(options: Options<string> & { protocols?: string[] } = {}): EnvVar<string> {
  return variable(options, (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      // The value is not echoed: URLs such as REDIS_URL may carry a password.
      throw new Error('expected a URL');
    }
    if (options.protocols && !options.protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      throw new Error(`expected a ${options.protocols.join(' or ')} URL, got "${parsed.protocol}"`);
    }
    return raw;
  });
}

export function oneOf<const T extends readonly string[]>(values: T, options: Options<T[number]> = {}) {
  return variable<T[number]>(options, (raw) => {
    if (!values.includes(raw)) throw new Error(`expected one of ${values.join(', ')}, got "${raw}"`);
    return raw as T[number];
  });
}
