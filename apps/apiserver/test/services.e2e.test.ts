/** Services get cluster IPs and node ports from the apiserver's allocators, as in Kubernetes. */
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';

const service = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
});

describe('Service allocation', () => {
  let api: TestApiserver;
  const services = '/api/v1/namespaces/default/services';

  beforeAll(async () => {
    api = await startTestApiserver('services');
  });
  afterAll(() => api.close());

  it('gives a ClusterIP Service an IP from 10.96.0.0/12', async () => {
    const res = await call(api.url, 'POST', services, service('web', {}));
    expect(res.status).toBe(201);
    const ip: string = res.body.spec.clusterIP;
    expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(res.body.spec.clusterIPs).toEqual([ip]);
    expect(res.body.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8080, protocol: 'TCP' });
  });

  it('gives NodePort ports a node port in 30000-32767 and refuses a taken one', async () => {
    const res = await call(api.url, 'POST', services, service('np', { type: 'NodePort' }));
    expect(res.status).toBe(201);
    const nodePort: number = res.body.spec.ports[0].nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
    const clash = await call(
      api.url,
      'POST',
      services,
      service('np2', { type: 'NodePort', ports: [{ port: 81, nodePort }] }),
    );
    expect(clash.status).toBe(422);
    expect(clash.body.details.causes[0].field).toBe('spec.ports[0].nodePort');
  });

  it('honours a requested IP, refuses it twice, and frees it on delete', async () => {
    const first = await call(api.url, 'POST', services, service('fixed', { clusterIP: '10.96.100.100' }));
    expect(first.body.spec.clusterIP).toBe('10.96.100.100');
    const again = await call(api.url, 'POST', services, service('fixed2', { clusterIP: '10.96.100.100' }));
    expect(again.status).toBe(422);
    expect(again.body.message).toContain('provided IP is already allocated');
    const outside = await call(api.url, 'POST', services, service('outside', { clusterIP: '192.168.1.1' }));
    expect(outside.status).toBe(422);
    expect((await call(api.url, 'DELETE', `${services}/fixed`)).status).toBe(200);
    const reused = await call(api.url, 'POST', services, service('fixed2', { clusterIP: '10.96.100.100' }));
    expect(reused.status).toBe(201);
  });

  it('keeps the assigned IP when an update leaves it out, and leaves headless Services without one', async () => {
    const created = (await call(api.url, 'POST', services, service('keep', {}))).body;
    const updated = await call(
      api.url,
      'PUT',
      `${services}/keep`,
      service('keep', { selector: { app: 'other' } }),
    );
    expect(updated.status).toBe(200);
    expect(updated.body.spec.clusterIP).toBe(created.spec.clusterIP);
    const headless = await call(api.url, 'POST', services, service('headless', { clusterIP: 'None' }));
    expect(headless.body.spec.clusterIP).toBe('None');
  });
});
