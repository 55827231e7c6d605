/**
 * The real kubectl against a real apiserver (and Redis): the acceptance list of the foundation
 * issue, run with the default client and with an older and a newer one when installed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { installedKubectlClients } from './kubectl-clients';
// `kubectl delete namespace` waits for the namespace controller, which lives in the controller-manager.
import {
  startTestControllerManager,
  type TestControllerManager,
} from '../../controller-manager/test/control-plane-harness';

const clients = installedKubectlClients();

const manifest = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
  labels:
    app: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: ${image}
          ports:
            - containerPort: 80
`;

describe.each(clients.map((c) => [c.label, c.path]))('%s', (_label, kubectlPath) => {
  let api: TestApiserver;
  let controllerManager: TestControllerManager;
  let session: KubectlSession;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const kubectl = (...args: string[]) => session.kubectl(...args);

  beforeAll(async () => {
    api = await startTestApiserver('kubectl');
    controllerManager = await startTestControllerManager(api);
    session = await tlsKubectlSession(kubectlPath, api.url);
    dir = session.dir;
    env = session.env;
  });
  afterAll(async () => {
    await controllerManager.close();
    await session.close();
    await api.close();
  });

  it('reports the server version', async () => {
    const out = await kubectl('get', '--raw', '/version');
    expect(JSON.parse(out)).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: expect.stringMatching(/^v1\.32\./),
    });
  });

  it('lists api-resources through discovery', async () => {
    const out = await kubectl('api-resources');
    for (const line of [
      /^pods\s+po\s+v1\s+true\s+Pod$/m,
      /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m,
      /^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m,
    ]) {
      expect(out).toMatch(line);
    }
  });

  it('gets pods in all namespaces and nodes when there are none', async () => {
    expect(await kubectl('get', 'pods', '-A')).toBe('');
    expect(await kubectl('get', 'nodes')).toBe('');
  });

  it('creates a namespace, applies a Deployment twice, and reports unchanged the third time', async () => {
    expect(await kubectl('create', 'namespace', 'demo')).toContain('namespace/demo created');
    writeFileSync(join(dir, 'web.yaml'), manifest(2, 'nginx:1.27'));
    expect(await kubectl('apply', '-f', join(dir, 'web.yaml'))).toContain('deployment.apps/web created');
    writeFileSync(join(dir, 'web.yaml'), manifest(3, 'nginx:1.28'));
    expect(await kubectl('apply', '-f', join(dir, 'web.yaml'))).toContain('deployment.apps/web configured');
    const stored = JSON.parse(await kubectl('get', 'deployment', 'web', '-n', 'demo', '-o', 'json'));
    expect(stored.spec.replicas).toBe(3);
    expect(stored.spec.template.spec.containers).toEqual([
      expect.objectContaining({ name: 'nginx', image: 'nginx:1.28' }),
    ]);
    expect(stored.metadata.generation).toBe(2);
    expect(await kubectl('apply', '-f', join(dir, 'web.yaml'))).toContain('deployment.apps/web unchanged');
  });

  it('prints deployments as a table with kubectl columns', async () => {
    const out = await kubectl('get', 'deployments', '-n', 'demo');
    expect(out.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(out).toMatch(/^web\s+0\/3\s+[0-3]\s+0\s+\d+s$/m); // no nodes: nothing becomes ready
  });

  it('prints a deployment as YAML', async () => {
    const out = await kubectl('get', 'deploy', 'web', '-n', 'demo', '-o', 'yaml');
    expect(out).toContain('kind: Deployment');
    expect(out).toContain('image: nginx:1.28');
    expect(out).toMatch(/resourceVersion: "\d+"/);
  });

  it('scales a deployment through the scale subresource', async () => {
    expect(await kubectl('scale', 'deployment', 'web', '-n', 'demo', '--replicas=5')).toContain(
      'deployment.apps/web scaled',
    );
    const stored = JSON.parse(await kubectl('get', 'deployment', 'web', '-n', 'demo', '-o', 'json'));
    expect(stored.spec.replicas).toBe(5);
  });

  it('describes a deployment', async () => {
    const out = await kubectl('describe', 'deployment', 'web', '-n', 'demo');
    expect(out).toMatch(/^Name:\s+web$/m);
    expect(out).toMatch(/^Namespace:\s+demo$/m);
    expect(out).toMatch(/^Selector:\s+app=web$/m);
    expect(out).toMatch(/^Replicas:\s+5 desired/m);
    expect(out).toMatch(/^StrategyType:\s+RollingUpdate$/m);
  });

  it('shows a pod created while `get pods -w` watches', async () => {
    let watcher: ChildProcess | undefined;
    try {
      watcher = spawn(kubectlPath, ['get', 'pods', '-n', 'demo', '-w'], { env });
      let output = '';
      watcher.stdout!.on('data', (chunk) => (output += chunk));
      watcher.stderr!.on('data', (chunk) => (output += chunk));
      await new Promise((r) => setTimeout(r, 1500)); // let it list and start watching
      writeFileSync(
        join(dir, 'pod.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: watched\n  namespace: demo\nspec:\n  containers:\n    - name: c\n      image: busybox\n',
      );
      await kubectl('create', '-f', join(dir, 'pod.yaml'));
      const deadline = Date.now() + 10_000;
      while (!/^watched\s+0\/1\s+Pending\s+0\s+\S+$/m.test(output) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(output).toMatch(/^watched\s+0\/1\s+Pending\s+0\s+\S+$/m);
      expect(watcher.exitCode).toBeNull();
    } finally {
      watcher?.kill();
    }
  });

  it('deletes the deployment and the namespace', async () => {
    expect(await kubectl('delete', 'deployment', 'web', '-n', 'demo')).toContain(
      'deployment.apps "web" deleted',
    );
    await expect(kubectl('get', 'deployment', 'web', '-n', 'demo')).rejects.toThrow(/NotFound|not found/);
    expect(await kubectl('delete', 'namespace', 'demo', '--timeout=30s')).toContain(
      'namespace "demo" deleted',
    );
    await expect(kubectl('get', 'namespace', 'demo')).rejects.toThrow(/not found/);
  });
});

if (clients.length === 0) {
  // Say so loudly rather than pass silently: .ci/run installs kubectl, so this means a broken set-up.
  it('finds kubectl', () => {
    throw new Error('kubectl is not installed: run .ci/run or install kubernetes-client');
  });
}
