/**
 * `npm start` as a user runs it: the launcher (from dist/) starts its own redis-server and every
 * component, writes a kubeconfig the real kubectl uses, and a terminal's Ctrl-C (SIGINT to the
 * whole foreground process group) stops everything in order: no component logs a warning or an
 * error on the way down, and no process is left behind.
 */
import { Resolver } from 'node:dns/promises';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildDist } from '../../testing/component-process';
import { apiserverGet } from '../apiserver-request';
import { LauncherProcess, startLauncher } from '../../testing/launcher-process';

describe('npm start (the launcher)', () => {
  let launcher: LauncherProcess;
  let stateDir: string;

  beforeAll(async () => {
    await buildDist();
    launcher = await startLauncher(
      // Prometheus under the launcher has its own test (every-panel-has-data).
      { ORCHESTRA_PROMETHEUS: 'off' },
      90_000,
      ['--nodes', '2'],
    );
    stateDir = launcher.stateDir;
  }, 150_000);

  afterAll(() => launcher?.dispose());

  it('prints the banner: every URL, the kubeconfig line, a sample and a chaos call', () => {
    const out = launcher.output();
    const apiserver = launcher.endpoints().apiserver;
    expect(out).toContain('Orchestra is up: 2 nodes, playground timings');
    expect(out).toContain(`API server     ${apiserver}`);
    expect(out).toContain(`Web dashboard  ${apiserver}/ui`);
    expect(out).toContain(`export KUBECONFIG=${join(stateDir, 'kubeconfig')}`);
    expect(out).toContain('kubectl apply -f examples/web-app.yaml');
    expect(out).toContain(`-X POST '${apiserver}/chaos/v1/pod-kill?namespace=demo&labelSelector=app=web'`);
    expect(apiserver).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('writes a kubeconfig the real kubectl uses, which lists the --nodes 2 nodes at once, within 10 s of start', async () => {
    const kubeconfig = readFileSync(join(stateDir, 'kubeconfig'), 'utf8');
    const server = /server: (\S+)/.exec(kubeconfig)?.[1];
    expect(server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // The admin's token and the playground's CA: kubectl verifies the apiserver's certificate.
    expect(kubeconfig).toMatch(/certificate-authority-data: \S+/);
    expect(kubeconfig).toMatch(/token: \S+/);
    expect(statSync(join(stateDir, 'kubeconfig')).mode & 0o777).toBe(0o600);
    // The banner comes once the nodes are registered: the first kubectl already lists them.
    const nodes = await launcher.kubectl('get', 'nodes', '-o', 'name');
    expect(nodes.split('\n').filter(Boolean).sort()).toEqual(['node/node-1', 'node/node-2']);
    const listedAfterMs = Date.now() - launcher.startedAt;
    process.stdout.write(`npm start: kubectl listed the nodes ${listedAfterMs} ms after the start\n`);
    expect(listedAfterMs).toBeLessThan(10_000);
  });

  it('serves the API over TLS only to authenticated users, each component as itself', async () => {
    const apiserver = launcher.endpoints().apiserver;
    const ca = readFileSync(join(stateDir, 'pki', 'ca.crt'), 'utf8');
    expect((await apiserverGet(`${apiserver}/api/v1/nodes`, { ca })).status).toBe(401);
    expect((await apiserverGet(`${apiserver}/readyz`, { ca })).status).toBe(200);
    // Without the CA, the certificate is not trusted.
    await expect(apiserverGet(`${apiserver}/readyz`)).rejects.toThrow(/certificate/);
    const token = readFileSync(join(stateDir, 'tokens', 'admin.token'), 'utf8').trim();
    expect((await apiserverGet(`${apiserver}/api/v1/nodes`, { ca, token })).status).toBe(200);
  });

  it("lists kube-state-metrics in endpoints.json, serving the simulated nodes' state", async () => {
    const endpoints = launcher.endpoints();
    expect(endpoints['kube-state-metrics']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    let body = '';
    for (let tries = 0; tries < 50 && !/kube_node_info\{node="node-2"/.test(body); tries++) {
      body = await fetch(`${endpoints['kube-state-metrics']}/metrics`).then(
        (res) => res.text(),
        () => '',
      );
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body.match(/^kube_node_info\{node="[^"]+"/gm)?.sort()).toEqual([
      'kube_node_info{node="node-1"',
      'kube_node_info{node="node-2"',
    ]);
  });

  it("answers DNS for the cluster domain at endpoints.json's dns address, the cluster DNS addon", async () => {
    const { dns } = launcher.endpoints();
    expect(dns).toMatch(/^127\.0\.0\.1:\d+$/);
    const resolver = new Resolver({ timeout: 2_000, tries: 2 });
    resolver.setServers([dns]);
    expect(await resolver.resolveTxt('dns-version.cluster.local')).toEqual([['1.1.0']]);
    await expect(resolver.resolve4('nothing.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });

  it('stops everything on Ctrl-C, in order, without a warning or an error, and leaves nothing running', async () => {
    const children = childPids(launcher.process.pid!);
    expect(children.length).toBe(9); // redis-server and the eight components
    const before = launcher.output().length;
    // A terminal's Ctrl-C: SIGINT to the launcher's whole (foreground) process group.
    process.kill(-launcher.process.pid!, 'SIGINT');
    expect(await launcher.exited).toBe(0);
    const shutdown = launcher.output().slice(before);
    expect(shutdown).toContain('stopped; state kept in');
    const complaints = shutdown.split('\n').filter((line) => /"level":"(warn|error)"/.test(line));
    expect(complaints).toEqual([]);
    // redis-server and every component are gone, not only the launcher.
    expect(children.filter(isRunning)).toEqual([]);
  }, 60_000);
});

describe('npm start with a port already taken', () => {
  it('stops at once, naming the port and its variable, and starts nothing', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const started = startLauncher({ APISERVER_PORT: String(port), ORCHESTRA_PROMETHEUS: 'off' }, 30_000);
      await expect(started).rejects.toThrow(`port ${port} (APISERVER_PORT) is already in use on 127.0.0.1`);
      await expect(started).rejects.toThrow('Is another playground running');
      await expect(started).rejects.not.toThrow('redis-server started');
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
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
