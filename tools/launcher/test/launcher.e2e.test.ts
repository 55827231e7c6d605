/**
 * `npm start` as a user runs it: the launcher (from dist/) starts its own redis-server and every
 * component, writes a kubeconfig the real kubectl uses, and a terminal's Ctrl-C (SIGINT to the
 * whole foreground process group) stops everything in order: no component logs a warning or an
 * error on the way down, and no process is left behind.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist } from '../../testing/component-process';
import { kubectlSession } from '../../testing/kubectl-session';
import { findFreePort } from '../../redis/free-port';

const repoRoot = join(__dirname, '..', '..', '..');
const readyLine = 'Ctrl-C stops the playground';

describe('npm start (the launcher)', () => {
  let stateDir: string;
  let launcher: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    await buildDist();
    stateDir = mkdtempSync(join(tmpdir(), 'orchestra-launcher-'));
    const ports: Record<string, string> = {};
    for (const name of [
      'APISERVER_PORT',
      'SCHEDULER_PORT',
      'CONTROLLER_MANAGER_PORT',
      'KUBELET_PORT',
      'PROXY_PORT',
      'PROXY_TRAFFIC_PORT',
    ])
      ports[name] = String(await findFreePort());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...ports,
      ORCHESTRA_STATE_DIR: stateDir,
      ORCHESTRA_NODES: '2',
    };
    delete env.REDIS_URL; // its own redis-server, as on a fresh machine
    launcher = spawn(
      process.execPath,
      [
        '-r',
        join(repoRoot, 'tools', 'register-paths.js'),
        join(repoRoot, 'dist', 'tools', 'launcher', 'main.js'),
      ],
      // Its own process group, as a terminal's foreground job: the test's SIGINT goes to all of it.
      { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    for (const stream of [launcher.stdout!, launcher.stderr!])
      stream.on('data', (chunk) => (output += chunk));
    exited = new Promise((done) => launcher.once('exit', (code) => done(code)));
    const deadline = Date.now() + 90_000;
    while (!output.includes(readyLine)) {
      if (Date.now() > deadline || launcher.exitCode !== null)
        throw new Error(`launcher did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 150_000);

  afterAll(() => {
    if (launcher?.exitCode === null) process.kill(-launcher.pid!, 'SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('writes a kubeconfig the real kubectl uses, and runs the simulated nodes', async () => {
    const kubeconfig = readFileSync(join(stateDir, 'kubeconfig'), 'utf8');
    const server = /server: (\S+)/.exec(kubeconfig)?.[1];
    expect(server).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const session = kubectlSession('kubectl', server!);
    try {
      let nodes = '';
      for (let tries = 0; tries < 50 && nodes.split('\n').filter(Boolean).length < 2; tries++) {
        nodes = await session.kubectl('get', 'nodes', '-o', 'name');
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(nodes.split('\n').filter(Boolean).sort()).toEqual(['node/node-1', 'node/node-2']);
    } finally {
      session.close();
    }
  });

  it('stops everything on Ctrl-C, in order, without a warning or an error, and leaves nothing running', async () => {
    const children = childPids(launcher.pid!);
    expect(children.length).toBe(6); // redis-server and the five components
    const before = output.length;
    process.kill(-launcher.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    const shutdown = output.slice(before);
    expect(shutdown).toContain('stopped; state kept in');
    const complaints = shutdown.split('\n').filter((line) => /"level":"(warn|error)"/.test(line));
    expect(complaints).toEqual([]);
    // redis-server and every component are gone, not only the launcher.
    expect(children.filter(isRunning)).toEqual([]);
  }, 60_000);
});

/** The pids whose parent is `pid` (from /proc: Linux). */
function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // stat: "pid (comm) state ppid ...": comm may hold spaces, so split after its ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
