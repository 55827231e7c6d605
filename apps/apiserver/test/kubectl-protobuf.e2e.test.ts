/**
 * kubectl ≥ 1.32 sends the typed-client creates (namespace, deployment, configmap, service) as
 * `application/vnd.kubernetes.protobuf`; kubectl 1.27, `kubectl run` and `kubectl expose` send
 * JSON. Every installed client runs them through a recording proxy, so each test knows which
 * encoding it exercised, and the stored objects must be right either way.
 */
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { clientVersion, installedKubectlClients } from './kubectl-clients';

const clients = installedKubectlClients();
const protobuf = 'application/vnd.kubernetes.protobuf';

/** Forwards to the apiserver and remembers the Content-Type of each POST, by path. */
async function recordingProxy(
  target: string,
): Promise<{ url: string; sent: Map<string, string>; server: Server }> {
  const sent = new Map<string, string>();
  const server = createServer((req, res) => {
    if (req.method === 'POST') sent.set(req.url!.split('?')[0], req.headers['content-type'] ?? '');
    const upstream = request(target + req.url, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent, server };
}

describe.each(clients.map((c) => [c.label, c.path]))('%s', (_label, kubectlPath) => {
  const minor = Number(/^v1\.(\d+)\./.exec(clientVersion(kubectlPath))?.[1] ?? 0);
  const typedClientEncoding = minor >= 32 ? protobuf : 'application/json';
  let api: TestApiserver;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let session: KubectlSession;
  const kubectl = (...args: string[]) => session.kubectl(...args);
  const stored = async (...args: string[]) =>
    JSON.parse(await kubectl('get', ...args, '-n', 'proto', '-o', 'json'));

  beforeAll(async () => {
    api = await startTestApiserver('kubectl-protobuf');
    proxy = await recordingProxy(api.url);
    // kubectl → TLS front → recording proxy → apiserver, as the admin.
    session = await tlsKubectlSession(kubectlPath, proxy.url, 30_000, { token: api.token });
    await kubectl('create', 'namespace', 'proto');
  });
  afterAll(async () => {
    await session.close();
    await new Promise((resolve) => proxy.server.close(resolve));
    await api.close();
  });

  it('creates a namespace that reads back as a real cluster stores it', async () => {
    expect(proxy.sent.get('/api/v1/namespaces')).toBe(typedClientEncoding);
    const ns = JSON.parse(await kubectl('get', 'namespace', 'proto', '-o', 'json'));
    expect(ns).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'proto', uid: expect.any(String), creationTimestamp: expect.any(String) },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('creates a deployment with --replicas=0 and keeps the explicit zero', async () => {
    await kubectl('create', 'deployment', 'zero', '--image=nginx', '--replicas=0', '-n', 'proto');
    expect(proxy.sent.get('/apis/apps/v1/namespaces/proto/deployments')).toBe(typedClientEncoding);
    const deployment = await stored('deployment', 'zero');
    expect(deployment.spec.replicas).toBe(0);
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'zero' } });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'zero' });
    expect(deployment.spec.template.spec.containers).toEqual([
      expect.objectContaining({ name: 'nginx', image: 'nginx', resources: {} }),
    ]);
    expect(deployment.spec.strategy).toMatchObject({ type: 'RollingUpdate' });
  });

  it('creates a deployment with replicas and a container port', async () => {
    await kubectl(
      'create',
      'deployment',
      'web',
      '--image=nginx:1.27',
      '--replicas=3',
      '--port=80',
      '-n',
      'proto',
    );
    const deployment = await stored('deployment', 'web');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      name: 'nginx',
      image: 'nginx:1.27',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
  });

  it('creates a configmap from a literal', async () => {
    await kubectl('create', 'configmap', 'cfg', '--from-literal=a=b', '-n', 'proto');
    expect(proxy.sent.get('/api/v1/namespaces/proto/configmaps')).toBe(typedClientEncoding);
    const configMap = await stored('configmap', 'cfg');
    expect(configMap.data).toEqual({ a: 'b' });
    expect(configMap).not.toHaveProperty('binaryData');
  });

  it('runs a pod with labels and an env var (JSON from every client)', async () => {
    await kubectl('run', 'p', '--image=busybox', '--labels=app=x', '--env=A=B', '-n', 'proto');
    expect(proxy.sent.get('/api/v1/namespaces/proto/pods')).toBe('application/json');
    const pod = await stored('pod', 'p');
    expect(pod.metadata.labels).toEqual({ app: 'x' });
    expect(pod.spec.containers).toEqual([
      expect.objectContaining({ name: 'p', image: 'busybox', env: [{ name: 'A', value: 'B' }] }),
    ]);
  });

  it('creates a ClusterIP service with a numeric target port', async () => {
    await kubectl('create', 'service', 'clusterip', 'svc', '--tcp=80:8080', '-n', 'proto');
    expect(proxy.sent.get('/api/v1/namespaces/proto/services')).toBe(typedClientEncoding);
    const service = await stored('service', 'svc');
    expect(service.spec).toMatchObject({
      type: 'ClusterIP',
      selector: { app: 'svc' },
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
    });
  });
});

if (clients.length === 0) {
  // Say so loudly rather than pass silently: .ci/run installs kubectl, so this means a broken set-up.
  it('finds kubectl', () => {
    throw new Error('kubectl is not installed: run .ci/run or install kubernetes-client');
  });
}
