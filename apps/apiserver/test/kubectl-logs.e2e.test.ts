/**
 * `kubectl logs` through the apiserver's pods/log subresource, with the real kubectl, a real
 * apiserver and an in-process kubelet: the apiserver finds the pod's node and proxies to that
 * node's kubelet (`/containerLogs`). Plain logs, `-c`, `--tail`, `--timestamps`, `--previous`
 * of a crashlooping container, `-f` following new lines as requests arrive (ending when killed,
 * or by itself when the container ends), Kubernetes' errors, and `describe pod` showing the
 * kubelet's events. Run with the default client and with an older and a newer one if installed.
 */
import type { Node, Pod } from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import type { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import {
  boundPod,
  eventually,
  freePort,
  getPod,
  nodesDef,
  podsDef,
  startTestKubelet,
  testClient,
  type TestKubelet,
} from '../../kubelet/test/kubelet-harness';
import { installedKubectlClients } from './kubectl-clients';

const run = promisify(execFile);
const clients = installedKubectlClients();
const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z /; // Go trims trailing zeros

const web = (name: string) =>
  boundPod(name, 'logs-1', { name: 'web', image: 'orchestra/web', ports: [{ containerPort: 8080 }] });

describe('kubectl logs', () => {
  let api: TestApiserver;
  let kubelet: TestKubelet;
  let client: ApiClient;
  let session: KubectlSession;
  let env: NodeJS.ProcessEnv;
  let helloIP: string;

  const running = (name: string) =>
    eventually(
      async () => {
        const pod = await getPod(client, name);
        return pod?.status?.containerStatuses?.every((s) => s.state?.running) && pod;
      },
      10_000,
      `${name} running`,
    );

  /** A request to pod `ip` through the kubelet's port, as the proxy sends Service traffic. */
  const request = async (ip: string, path: string) => {
    const res = await fetch(`${kubelet.url}${path}`, { headers: { 'X-Orchestra-Pod-IP': ip } });
    expect(res.status).toBe(200);
    await res.text();
  };

  beforeAll(async () => {
    api = await startTestApiserver('kubectl-logs');
    client = testClient(api);
    // The apiserver reaches the kubelet through the Node's kubeletEndpoint: a real port, then.
    kubelet = await startTestKubelet(api, {
      NODE_NAME_PREFIX: 'logs',
      TIME_SCALE: '20',
      KUBELET_PORT: String(await freePort()),
    });
    await kubelet.service.started();
    const pods = client.resource<Pod>(podsDef);
    await pods.create(web('hello'));
    const duo = web('duo');
    duo.spec.containers.push({
      name: 'sidecar',
      image: 'orchestra/batch',
      env: [{ name: 'DURATION_SECONDS', value: '3600' }],
    });
    await pods.create(duo);
    await pods.create(
      boundPod('crash', 'logs-1', {
        image: 'orchestra/crashloop',
        env: [{ name: 'CRASH_AFTER_SECONDS', value: '1' }],
        ports: [],
      }),
    );
    helloIP = (await running('hello')).status!.podIP!;
    await running('duo');
    for (const path of ['/one', '/two', '/three']) await request(helloIP, path);

    // The admin's kubeconfig, through TLS (kubectl sends no token over plain HTTP); every client uses its env.
    session = await tlsKubectlSession(clients[0]?.path ?? 'kubectl', api.url);
    env = session.env;
  });

  afterAll(async () => {
    await kubelet.close();
    await session.close();
    await api.close();
  });

  describe.each(clients.map((c) => [c.label, c.path]))('%s', (_label, kubectlPath) => {
    const kubectl = async (...args: string[]): Promise<string> => {
      try {
        return (await run(kubectlPath, args, { env, timeout: 20_000 })).stdout;
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
      }
    };
    const kubectlFails = async (...args: string[]): Promise<string> => {
      const outcome = await run(kubectlPath, args, { env, timeout: 20_000 }).then(
        () => undefined,
        (e: { stderr?: string }) => e.stderr ?? '',
      );
      if (outcome === undefined) throw new Error(`kubectl ${args.join(' ')} succeeded`);
      return outcome;
    };

    it('prints a pod’s log, its last lines with --tail, and times with --timestamps', async () => {
      const all = (await kubectl('logs', 'hello')).trimEnd().split('\n');
      expect(all[0]).toBe('orchestra/web: pod default/hello listening on :8080');
      expect(all.filter((l) => /"GET \/(one|two|three) HTTP\/1.1" 200 /.test(l))).toHaveLength(3);

      const tail = (await kubectl('logs', 'hello', '--tail=2')).trimEnd().split('\n');
      expect(tail).toEqual(all.slice(-2));

      const stamped = (await kubectl('logs', 'hello', '--timestamps')).trimEnd().split('\n');
      expect(stamped).toHaveLength(all.length);
      stamped.forEach((line, i) => {
        expect(line).toMatch(RFC3339_NANO);
        expect(line.slice(line.indexOf(' ') + 1)).toBe(all[i]);
      });
    });

    it('shows the container named with -c in a pod of several (kubectl defaults to the first)', async () => {
      const defaulted = await run(kubectlPath, ['logs', 'duo'], { env, timeout: 20_000 });
      expect(defaulted.stderr).toContain('Defaulted container "web" out of: web, sidecar');
      expect(defaulted.stdout).toContain('orchestra/web: pod default/duo');
      expect(await kubectl('logs', 'duo', '-c', 'sidecar')).toContain(
        'orchestra/batch: processing for 3600s (DURATION_SECONDS=3600)',
      );
      expect(await kubectl('logs', 'duo', '-c', 'web')).toContain('orchestra/web: pod default/duo');
    });

    it('shows the crashed container’s log with --previous', async () => {
      await eventually(
        async () => ((await getPod(client, 'crash'))?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1,
        10_000,
        'crash restarted',
      );
      const previous = await kubectl('logs', 'crash', '--previous');
      expect(previous).toContain('orchestra/crashloop: starting; will crash in 1s');
      expect(previous).toContain('fatal: simulated crash after 1s, exiting with code 1');
      expect(await kubectlFails('logs', 'hello', '--previous')).toContain(
        'Error from server (BadRequest): previous terminated container "web" in pod "hello" not found',
      );
    });

    it('follows new lines with -f as requests arrive, until killed', async () => {
      // Its own process group: the default kubectl is a dispatcher that runs the real client as a child.
      const follower = spawn(kubectlPath, ['logs', '-f', 'hello', '--tail=1'], { env, detached: true });
      let out = '';
      follower.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<string>((resolve) => follower.on('exit', () => resolve('exited')));
      try {
        await eventually(async () => out.endsWith('\n'), 10_000, 'the last line so far');
        const marker = `/followed-${Math.random().toString(36).slice(2)}`;
        await request(helloIP, marker);
        await eventually(async () => out.includes(`"GET ${marker} HTTP/1.1" 200`), 5_000, 'the new line');
        await request(helloIP, `${marker}-again`);
        await eventually(
          async () => out.includes(`"GET ${marker}-again HTTP/1.1" 200`),
          5_000,
          'the next line',
        );
        expect(out.trimEnd().split('\n')).toHaveLength(3); // the tail line, then the two new ones
        expect(follower.exitCode).toBeNull(); // still following
      } finally {
        process.kill(-follower.pid!, 'SIGTERM');
      }
      const stillRunning = new Promise((resolve) =>
        setTimeout(() => resolve('still running'), 5_000).unref(),
      );
      await expect(Promise.race([exited, stillRunning])).resolves.toBe('exited');
    });

    it('describes the pod with the kubelet’s events', async () => {
      const out = await kubectl('describe', 'pod', 'hello');
      expect(out).toMatch(/^Node:\s+logs-1\/127\.0\.0\.1$/m);
      expect(out).toMatch(/Normal\s+Pulling\s+\S+\s+kubelet\s+Pulling image "orchestra\/web"/);
      expect(out).toMatch(/Normal\s+Created\s+\S+\s+kubelet\s+Created container web/);
      expect(out).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container web/);
    });
  });

  it('ends `kubectl logs -f` by itself when the container ends', async () => {
    await client
      .resource<Pod>(podsDef)
      .create(
        boundPod(
          'job',
          'logs-1',
          { image: 'orchestra/batch', env: [{ name: 'DURATION_SECONDS', value: '40' }], ports: [] },
          { restartPolicy: 'Never' },
        ),
      );
    await running('job');
    const started = Date.now();
    const { stdout } = await run(clients[0].path, ['logs', '-f', 'job'], { env, timeout: 15_000 });
    // 40 simulated seconds are 2 s here: kubectl followed the container to its end, then returned.
    expect(Date.now() - started).toBeGreaterThan(500);
    expect(stdout).toContain('orchestra/batch: 50% done');
    expect(stdout.trimEnd().endsWith('orchestra/batch: done')).toBe(true);
  });

  it('answers Kubernetes’ 400s: no container named, waiting, unscheduled, unknown container, no previous', async () => {
    const pods = client.resource<Pod>(podsDef);
    await pods.create(boundPod('typo', 'logs-1', { name: 'app', image: 'ngnix:1.27' }));
    await pods.create({
      ...boundPod('pending', ''),
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    });
    const log = (name: string, query = '') =>
      api.fetch(`/api/v1/namespaces/default/pods/${name}/log${query}`).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { reason: string; message: string },
      }));
    await eventually(
      async () => (await getPod(client, 'typo'))?.status?.containerStatuses?.[0]?.state?.waiting,
      10_000,
      'typo waiting',
    );
    // kubectl names the first container itself; other clients get Kubernetes' answer.
    expect(await log('duo')).toMatchObject({
      status: 400,
      body: { message: 'a container name must be specified for pod duo, choose one of: [web sidecar]' },
    });
    const waiting = await log('typo');
    expect(waiting.status).toBe(400);
    expect(waiting.body.reason).toBe('BadRequest');
    expect(waiting.body.message).toMatch(
      /^container "app" in pod "typo" is waiting to start: (ContainerCreating|ErrImagePull|ImagePullBackOff)$/,
    );
    expect(await log('pending')).toMatchObject({
      status: 400,
      body: {
        message:
          'container "app" in pod "pending" is waiting to start: the pod is not scheduled to a node yet',
      },
    });
    expect(await log('hello', '?container=nope')).toMatchObject({
      status: 400,
      body: { message: 'container nope is not valid for pod hello' },
    });
    expect(await log('hello', '?previous=true')).toMatchObject({
      status: 400,
      body: { message: 'previous terminated container "web" in pod "hello" not found' },
    });
    expect(await log('hello', '?tailLines=-1')).toMatchObject({
      status: 422,
      body: {
        message:
          'PodLogOptions "hello" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
      },
    });
    expect(await log('ghost')).toMatchObject({ status: 404, body: { message: 'pods "ghost" not found' } });
  });

  it('applies limitBytes', async () => {
    const res = await api.fetch('/api/v1/namespaces/default/pods/hello/log?limitBytes=10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('orchestra/');
  });

  it('answers 503 when the node’s kubelet cannot be reached', async () => {
    // A port nothing listens on.
    const closedPort = await freePort();
    await client.resource<Node>(nodesDef).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'gone' },
      status: {
        addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: closedPort } },
      },
    } as Node);
    const pods = client.resource<Pod>(podsDef);
    await pods.create(boundPod('orphan', 'gone'));
    await pods.patchStatus(
      'orphan',
      'default',
      { status: { phase: 'Running', containerStatuses: [{ name: 'app', state: { running: {} } }] } },
      'merge',
    );
    const res = await api.fetch('/api/v1/namespaces/default/pods/orphan/log');
    const body = (await res.json()) as { reason: string; message: string };
    expect(res.status).toBe(503);
    expect(body.reason).toBe('ServiceUnavailable');
    expect(body.message).toMatch(
      new RegExp(
        `^Get "http://127\\.0\\.0\\.1:${closedPort}/containerLogs/default/orphan/app": .*ECONNREFUSED`,
      ),
    );
  });
});
