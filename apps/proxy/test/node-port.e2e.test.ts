/**
 * NodePort Services: the proxy listens on each nodePort while the Service exists and routes it
 * like the traffic port; a nodePort it cannot bind is logged, and everything else carries on.
 */
import { createServer, type Server } from 'node:http';
import type { Service } from '@orchestra/api';
import type { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { NodePortListeners } from '../src/traffic/node-port.listeners';
import { EchoKubelet, type EchoAnswer } from './echo-kubelet';
import {
  address,
  createNode,
  createService,
  deleteObject,
  eventually,
  putEndpoints,
  request,
  startTestProxy,
  testClient,
  type TestProxy,
} from './proxy-harness';

describe(NodePortListeners.name, () => {
  let api: TestApiserver;
  let proxy: TestProxy;
  let client: ApiClient;
  let kubelet: EchoKubelet;
  let squatter: Server | undefined;

  beforeAll(async () => {
    api = await startTestApiserver('proxy-nodeport');
    client = testClient(api);
    kubelet = await EchoKubelet.start();
    await createNode(client, 'node-1', kubelet.port);
    proxy = await startTestProxy(api);
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => (squatter ? squatter.close(resolve) : resolve(undefined)));
    await kubelet.close();
    await api.close();
  });

  it('listens on the nodePort of a NodePort Service and routes the whole path to its pods', async () => {
    const service: Service = await createService(client, 'np', [{ port: 80, targetPort: 8080 }], 'NodePort');
    const nodePort = service.spec.ports![0].nodePort!;
    await putEndpoints(client, 'np', {
      ready: [address('np-a', '10.244.1.1', 'node-1'), address('np-b', '10.244.1.2', 'node-1')],
    });
    await eventually(
      async () => proxy.service.nodePorts.listening().includes(nodePort),
      'nodePort listening',
    );
    const answers: EchoAnswer[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await request(`http://127.0.0.1:${nodePort}/hello?i=${i}`);
      answers.push(JSON.parse(res.text) as EchoAnswer);
    }
    expect(answers.map((a) => [a.podIp, a.url])).toEqual([
      ['10.244.1.1', '/hello?i=0'],
      ['10.244.1.2', '/hello?i=1'],
      ['10.244.1.1', '/hello?i=2'],
      ['10.244.1.2', '/hello?i=3'],
    ]);

    await deleteObject(client, 'Service', 'np');
    await eventually(async () => !proxy.service.nodePorts.listening().includes(nodePort), 'nodePort closed');
    await expect(request(`http://127.0.0.1:${nodePort}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('logs a nodePort it cannot bind and keeps routing the rest', async () => {
    const taken = await listenOnSomeNodePort();
    squatter = taken.server;
    const lines: Record<string, unknown>[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
    try {
      await createService(
        client,
        'clash',
        [{ port: 80, targetPort: 8080, nodePort: taken.port }],
        'NodePort',
      );
      await eventually(
        async () => lines.some((l) => l.message === 'cannot listen on nodePort' && l.port === taken.port),
        'warning logged',
      );
    } finally {
      write.mockRestore();
    }
    expect(lines.find((l) => l.message === 'cannot listen on nodePort')).toMatchObject({
      level: 'warn',
      service: 'default/clash',
      error: { code: 'EADDRINUSE' },
    });
    const other = await createService(client, 'fine', [{ port: 80, targetPort: 8080 }], 'NodePort');
    await putEndpoints(client, 'fine', { ready: [address('fine-a', '10.244.1.3', 'node-1')] });
    const otherPort = other.spec.ports![0].nodePort!;
    await eventually(async () => proxy.service.nodePorts.listening().includes(otherPort), 'other nodePort');
    expect(proxy.service.nodePorts.listening()).not.toContain(taken.port);
    expect(JSON.parse((await request(`http://127.0.0.1:${otherPort}/`)).text)).toMatchObject({
      podIp: '10.244.1.3',
    });
    expect((await request(`${proxy.trafficUrl}/default/fine/`)).status).toBe(200);
  });
});

/** Binds a port in the NodePort range (30000-32767) that is free on this machine. */
async function listenOnSomeNodePort(): Promise<{ server: Server; port: number }> {
  for (let port = 32000 + Math.floor(Math.random() * 700); ; port++) {
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) return { server, port };
  }
}
