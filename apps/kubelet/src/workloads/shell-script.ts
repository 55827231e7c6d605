/**
 * Just enough of a POSIX shell to run the commands Kubernetes tutorials give busybox and alpine:
 * `sleep 3600`, `sh -c "echo hi; sleep 5; exit 3"`, and the liveness-probe example
 * `touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600` with `cat /tmp/healthy`.
 * Builtins: echo (with > file), sleep, exit, true, false, :, touch, rm, cat, test/[ -f|-e ].
 * Loops, pipes and substitutions are not interpreted: such a command just runs for ever.
 */

export interface ShellStep {
  argv: string[];
  /** How this step joins the previous one. */
  connector: ';' | '&&' | '||';
}

export type StepOutcome = { status: number; output?: string } | { sleepSeconds: number } | { exit: number };

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
const BUILTINS = new Set(['echo', 'sleep', 'exit', 'true', 'false', ':', 'touch', 'rm', 'cat', 'test', '[']);

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The script a container command runs: `sh -c SCRIPT`, or a single program and its arguments. */
export function scriptOf(argv: string[]): string | undefined {
  if (argv.length === 0) return undefined;
  if (SHELLS.has(basename(argv[0]))) {
    const c = argv.indexOf('-c');
    return c > 0 && argv[c + 1] !== undefined ? argv[c + 1] : undefined;
  }
  return argv.map((a) => (/[\s;&|]/.test(a) ? `'${a}'` : a)).join(' ');
}

/** True when the process is a shell or a builtin run as PID 1, which has no SIGTERM handler. */
export function isShellProcess(argv: string[]): boolean {
  return argv.length > 0 && (SHELLS.has(basename(argv[0])) || BUILTINS.has(basename(argv[0])));
}

/** Steps of a script, or undefined when it uses anything beyond builtins joined by ; && || newlines. */
export function parseScript(script: string, builtinsOnly = true): ShellStep[] | undefined {
  const steps: ShellStep[] = [];
  let words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  let connector: ShellStep['connector'] = ';';
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endStep = (next: ShellStep['connector']) => {
    endWord();
    if (words.length) steps.push({ argv: words, connector });
    words = [];
    connector = next;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === ';' || ch === '\n') endStep(';');
    else if (script.startsWith('&&', i) || script.startsWith('||', i)) {
      endStep(script.slice(i, i + 2) as '&&' | '||');
      i++;
    } else if (ch === '|' || ch === '&' || ch === '$' || ch === '`' || ch === '(' || ch === ')')
      return undefined;
    else if (/\s/.test(ch)) endWord();
    else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return undefined;
  endStep(';');
  if (builtinsOnly && steps.some((s) => !BUILTINS.has(basename(s.argv[0])))) return undefined;
  return steps;
}

/** The container's paths; `contentOf` gives a file's text where the simulation has one (mounts). */
export type ShellFiles = Set<string> & { contentOf?(path: string): string | undefined };

/** Runs one step against the container's files; sleep and exit are left to the caller. */
export function runStep(argv: string[], files: ShellFiles): StepOutcome {
  const [name, ...args] = [basename(argv[0]), ...argv.slice(1)];
  const missing = (cmd: string, verb: string, f: string) =>
    `${cmd}: can't ${verb} '${f}': No such file or directory`;
  switch (name) {
    case 'echo': {
      const redirect = args.findIndex((a) => a === '>' || a === '>>');
      if (redirect >= 0 && args[redirect + 1]) {
        files.add(args[redirect + 1]);
        return { status: 0 };
      }
      return { status: 0, output: args.join(' ') };
    }
    case 'sleep':
      return { sleepSeconds: args[0] === 'infinity' ? Infinity : parseDuration(args[0]) };
    case 'exit':
      return { exit: Number.parseInt(args[0] ?? '0', 10) || 0 };
    case 'true':
    case ':':
      return { status: 0 };
    case 'false':
      return { status: 1 };
    case 'touch':
      for (const f of args) files.add(f);
      return { status: 0 };
    case 'rm': {
      const force = args.some((a) => /^-[a-z]*f/.test(a));
      const targets = args.filter((a) => !a.startsWith('-'));
      const absent = targets.filter((f) => !files.delete(f));
      if (absent.length && !force) return { status: 1, output: missing('rm', 'remove', absent[0]) };
      return { status: 0 };
    }
    case 'cat': {
      const absent = args.find((f) => !files.has(f));
      if (absent) return { status: 1, output: missing('cat', 'open', absent) };
      const text = args.map((f) => files.contentOf?.(f) ?? '').join('');
      return text ? { status: 0, output: text.replace(/\n$/, '') } : { status: 0 };
    }
    case 'test':
    case '[': {
      const path = args.find((a) => !a.startsWith('-') && a !== ']');
      return { status: path !== undefined && files.has(path) ? 0 : 1 };
    }
    default:
      // Only reached from exec: a tool of the image we do not model (redis-cli ping, pg_isready) succeeds.
      return { status: 0 };
  }
}

/** `5`, `1.5`, `10s`, `2m`, `1h`: seconds, as busybox sleep reads them. */
function parseDuration(text = '0'): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!match) return 0;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** An exec in the container (probes, kubectl exec): runs at once, sleeps take no time. */
export function execScript(argv: string[], files: ShellFiles): { exitCode: number; output: string } {
  const script = scriptOf(argv);
  const steps = script === undefined ? undefined : parseScript(script, false);
  if (!steps) return { exitCode: 0, output: '' };
  const output: string[] = [];
  let status = 0;
  for (const step of steps) {
    if ((step.connector === '&&' && status !== 0) || (step.connector === '||' && status === 0)) continue;
    const outcome = runStep(step.argv, files);
    if ('exit' in outcome) return { exitCode: outcome.exit, output: output.join('\n') };
    status = 'status' in outcome ? outcome.status : 0;
    if ('output' in outcome && outcome.output) output.push(outcome.output);
  }
  return { exitCode: status, output: output.join('\n') };
}
