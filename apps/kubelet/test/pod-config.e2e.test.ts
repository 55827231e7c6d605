/**
 * ConfigMaps and Secrets reaching pods through the real apiserver and kubelet: env from
 * configMapKeyRef and secretKeyRef, a ConfigMap mounted at nginx's document root served by the
 * web workload through the pod's address, an update reaching the served file within
 * 1.2 × VOLUME_REFRESH_MS (and not the environment), CreateContainerConfigError until a missing
 * ConfigMap appears, FailedMount for a missing volume, the Node authorizer keeping a node to the
 * objects its pods refer to, and no secret value in the kubelet's logs or the pods' events.
 */
import type { Pod } from '@orchestra/api';
import { call, startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import {
  boundPod,
  eventsDef,
  eventsFor,
  eventually,
  getPod,
  startTestKubelet,
  testClient,
  type TestKubelet,
} from './kubelet-harness';

/** Short for the test; the default is 5 s. */
const REFRESH_MS = 1_000;
/** The documented bound: 1.2 × VOLUME_REFRESH_MS (a node's pods share a read for a fifth of it). */
const BOUND_MS = 1.2 * REFRESH_MS;
/** What a loaded test machine adds to the refresh period (the apiserver's GET, the sync, the poll). */
const SLACK_MS = 2_500;
const SECRET_VALUE = 'pa55-Wq8zLm';
const NODE = 'cfg-1';

describe('ConfigMaps and Secrets in pods', () => {
  let api: TestApiserver;
  let kubelet: TestKubelet;
  const output: string[] = [];
  let restore: () => void;
  const client = () => testClient(api);
  const post = async (resource: string, body: unknown) => {
    const res = await call(api.url, 'POST', `/api/v1/namespaces/default/${resource}`, body);
    expect([resource, res.status]).toEqual([resource, 201]);
    return res.body;
  };
  const configMap = (name: string, data: Record<string, string>) =>
    post('configmaps', { metadata: { name }, data });
  const updateConfigMap = async (name: string, data: Record<string, string>) => {
    const res = await call(
      api.url,
      'PATCH',
      `/api/v1/namespaces/default/configmaps/${name}`,
      { data },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(res.status).toBe(200);
  };
  const running = (name: string) =>
    eventually(
      async () => {
        const pod = await getPod(client(), name);
        return pod?.status?.containerStatuses?.[0]?.state?.running && pod.status.podIP ? pod : undefined;
      },
      20_000,
      `pod ${name} running`,
    );
  const get = async (pod: Pod, path = '/') => {
    const res = await fetch(`${kubelet.url}${path}`, {
      headers: { 'x-orchestra-pod-ip': pod.status!.podIP!, 'x-orchestra-pod-port': '8080' },
    });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };
  const waiting = (name: string) => async () =>
    (await getPod(client(), name))?.status?.containerStatuses?.[0]?.state?.waiting;

  beforeAll(async () => {
    const capture = (chunk: unknown) => {
      output.push(String(chunk));
      return true;
    };
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    restore = () => {
      out.mockRestore();
      err.mockRestore();
    };
    api = await startTestApiserver('pod-config', { LOG_LEVEL: 'debug' });
    kubelet = await startTestKubelet(api, {
      NODE_NAME_PREFIX: 'cfg',
      VOLUME_REFRESH_MS: String(REFRESH_MS),
      LOG_LEVEL: 'debug',
    });
  });
  afterAll(async () => {
    await kubelet.close();
    await api.close();
    restore();
  });

  const web = (
    name: string,
    container: Partial<Pod['spec']['containers'][number]>,
    spec: Partial<Pod['spec']> = {},
  ) =>
    boundPod(
      name,
      NODE,
      { image: 'orchestra/web:1.0', ports: [{ containerPort: 8080 }], ...container },
      spec,
    );

  it('puts ConfigMap and Secret keys in the environment, and serves a mounted ConfigMap', async () => {
    await configMap('site', { 'index.html': '<h1>v1</h1>\n', MESSAGE: 'configured-v1' });
    await post('secrets', { metadata: { name: 'db' }, stringData: { password: SECRET_VALUE } });
    await post(
      'pods',
      web('env', {
        env: [
          { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'site', key: 'MESSAGE' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          { name: 'MESSAGE', value: '$(GREETING)/$(PASSWORD)' },
        ],
      }),
    );
    await post(
      'pods',
      web(
        'site',
        {
          volumeMounts: [
            { name: 'html', mountPath: '/usr/share/nginx/html', readOnly: true },
            // A subPath mount is a copy: it never follows the ConfigMap.
            { name: 'html', mountPath: '/usr/share/nginx/html/pinned.html', subPath: 'index.html' },
          ],
        },
        {
          volumes: [
            { name: 'html', configMap: { name: 'site', items: [{ key: 'index.html', path: 'index.html' }] } },
          ],
        },
      ),
    );
    const env = await running('env');
    expect((await get(env)).body).toContain(`configured-v1/${SECRET_VALUE}`);
    const site = await running('site');
    expect(await get(site)).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<h1>v1</h1>\n' });
    expect((await get(site, '/pinned.html')).body).toBe('<h1>v1</h1>\n');
    expect((await get(site, '/missing.html')).status).toBe(404);
    // The health endpoints stay the workload's own.
    expect((await get(site, '/healthz')).body).toBe('ok\n');
  });

  it(`brings a ConfigMap update to the mounted file within 1.2 × VOLUME_REFRESH_MS (${BOUND_MS} ms), not to the environment or a subPath mount`, async () => {
    const site = await running('site');
    const env = await running('env');
    const updatedAt = Date.now();
    await updateConfigMap('site', { 'index.html': '<h1>v2</h1>\n', MESSAGE: 'configured-v2' });
    await eventually(
      async () => (await get(site)).body === '<h1>v2</h1>\n',
      BOUND_MS + SLACK_MS,
      'the new page',
    );
    const delay = Date.now() - updatedAt;
    expect(delay).toBeLessThanOrEqual(BOUND_MS + SLACK_MS);
    // Twice the refresh period later the running container's environment is still what it started with.
    await new Promise((r) => setTimeout(r, 2 * REFRESH_MS));
    expect((await get(env)).body).toContain('configured-v1/');
    expect((await get(env)).body).not.toContain('configured-v2');
    expect((await get(site, '/pinned.html')).body).toBe('<h1>v1</h1>\n');
  });

  it('holds a container in CreateContainerConfigError until its ConfigMap and key exist', async () => {
    await post(
      'pods',
      web('late', {
        env: [{ name: 'MESSAGE', valueFrom: { configMapKeyRef: { name: 'late', key: 'MESSAGE' } } }],
      }),
    );
    expect(await eventually(waiting('late'), 15_000, 'CreateContainerConfigError')).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'configmap "late" not found',
    });
    expect((await eventsFor(client(), 'late')).map((e) => e.message)).toContain(
      'Error: configmap "late" not found',
    );
    // As the real kubectl shows it.
    const session = await tlsKubectlSession('/usr/bin/kubectl', api.url);
    try {
      expect(await session.kubectl('get', 'pod', 'late', '--no-headers')).toMatch(
        /^late\s+0\/1\s+CreateContainerConfigError\s+0\s+\d+s\n$/,
      );
    } finally {
      await session.close();
    }
    await configMap('late', { OTHER: 'x' });
    await eventually(
      async () =>
        (await waiting('late')())?.message === "couldn't find key MESSAGE in ConfigMap default/late",
      15_000,
      'the missing key',
    );
    await updateConfigMap('late', { MESSAGE: 'arrived' });
    const pod = await running('late');
    expect((await get(pod)).body).toContain('arrived');
  });

  it('keeps a pod whose volume’s ConfigMap is missing in ContainerCreating (FailedMount) until it exists', async () => {
    await post(
      'pods',
      web(
        'unmounted',
        { volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html' }] },
        { volumes: [{ name: 'html', configMap: { name: 'later-site' } }] },
      ),
    );
    await eventually(
      async () =>
        (await eventsFor(client(), 'unmounted')).some(
          (e) =>
            e.reason === 'FailedMount' &&
            e.message === 'MountVolume.SetUp failed for volume "html" : configmap "later-site" not found',
        ),
      15_000,
      'FailedMount',
    );
    expect(await waiting('unmounted')()).toEqual({ reason: 'ContainerCreating' });
    await configMap('later-site', { 'index.html': 'late page' });
    expect((await get(await running('unmounted'))).body).toBe('late page');
  });

  it('lets the node read only the Secrets and ConfigMaps its pods refer to', async () => {
    await post('secrets', { metadata: { name: 'unrelated' }, stringData: { token: 'nope' } });
    const token = api.credentials.tokenOf(`system:node:${NODE}`);
    const asNode = { authorization: `Bearer ${token}` };
    expect(
      (await call(api.url, 'GET', '/api/v1/namespaces/default/secrets/db', undefined, asNode)).status,
    ).toBe(200);
    expect(
      (await call(api.url, 'GET', '/api/v1/namespaces/default/configmaps/site', undefined, asNode)).status,
    ).toBe(200);
    const unrelated = await call(
      api.url,
      'GET',
      '/api/v1/namespaces/default/secrets/unrelated',
      undefined,
      asNode,
    );
    expect(unrelated.status).toBe(403);
    expect(unrelated.body.message).toContain(`User "system:node:${NODE}" cannot get resource "secrets"`);
    expect((await call(api.url, 'GET', '/api/v1/namespaces/default/secrets', undefined, asNode)).status).toBe(
      403,
    );
  });

  it('never writes a secret value into a log line or an event', async () => {
    const events = (await client().resource(eventsDef).list({ namespace: 'default' })).items;
    expect(events.length).toBeGreaterThan(0);
    const encoded = Buffer.from(SECRET_VALUE).toString('base64');
    expect(JSON.stringify(events).includes(SECRET_VALUE)).toBe(false);
    const logs = output.join('');
    // The kubelet did log at debug level (the capture works)...
    expect(logs).toContain('"component":"kubelet"');
    // ...and never the value, plain or encoded.
    expect([logs.includes(SECRET_VALUE), logs.includes(encoded)]).toEqual([false, false]);
  });
});
