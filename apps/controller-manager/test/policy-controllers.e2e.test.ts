/**
 * The resourcequota and serviceaccount controllers against a real apiserver and Redis: quota
 * usage follows deletes (so a freed slot can be taken again) and every namespace gets its
 * `default` ServiceAccount.
 */
import { call, startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { eventually, startTestControllerManager, type TestControllerManager } from './control-plane-harness';

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: '250m' } } }] },
});

/** Polls until the expectations hold. */
const until = (check: () => Promise<void>) =>
  eventually(async () => {
    await check();
    return true;
  });

describe('resourcequota and serviceaccount controllers', () => {
  let api: TestApiserver;
  let controllerManager: TestControllerManager;

  beforeAll(async () => {
    api = await startTestApiserver('policy-controllers');
    controllerManager = await startTestControllerManager(api, { RESYNC_PERIOD_MS: '60000' });
  });

  afterAll(async () => {
    await controllerManager.close();
    await api.close();
  });

  it('gives every namespace a default ServiceAccount, and makes it again when deleted', async () => {
    expect((await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'team-a' } })).status).toBe(
      201,
    );
    const sa = '/api/v1/namespaces/team-a/serviceaccounts/default';
    await until(async () => expect((await call(api.url, 'GET', sa)).status).toBe(200));
    expect((await call(api.url, 'DELETE', sa)).status).toBe(200);
    await until(async () => expect((await call(api.url, 'GET', sa)).status).toBe(200));
    const pods = '/api/v1/namespaces/team-a/pods';
    const created = await call(api.url, 'POST', pods, pod('web'));
    expect(created.body.spec.serviceAccountName).toBe('default');
  });

  it('recounts a quota after a delete, so the freed slot can be taken again', async () => {
    expect((await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'quota' } })).status).toBe(
      201,
    );
    const quotas = '/api/v1/namespaces/quota/resourcequotas';
    const pods = '/api/v1/namespaces/quota/pods';
    const quota = await call(api.url, 'POST', quotas, {
      metadata: { name: 'compute' },
      spec: { hard: { pods: '2', 'requests.cpu': '1' } },
    });
    expect(quota.status).toBe(201);
    // The controller fills the status of a new quota (hard from spec, used counted).
    await until(async () =>
      expect((await call(api.url, 'GET', `${quotas}/compute`)).body.status).toEqual({
        hard: { pods: '2', 'requests.cpu': '1' },
        used: { pods: '0', 'requests.cpu': '0' },
      }),
    );
    expect((await call(api.url, 'POST', pods, pod('web-1'))).status).toBe(201);
    expect((await call(api.url, 'POST', pods, pod('web-2'))).status).toBe(201);
    const refused = await call(api.url, 'POST', pods, pod('web-3'));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message:
        'pods "web-3" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2',
    });
    expect((await call(api.url, 'DELETE', `${pods}/web-1`, { gracePeriodSeconds: 0 })).status).toBe(200);
    await until(async () =>
      expect((await call(api.url, 'GET', `${quotas}/compute`)).body.status.used).toEqual({
        pods: '1',
        'requests.cpu': '250m',
      }),
    );
    expect((await call(api.url, 'POST', pods, pod('web-3'))).status).toBe(201);
  });

  it('a Deployment past its namespace quota gets the pods that fit and a FailedCreate event with the refusal', async () => {
    expect((await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'shop' } })).status).toBe(
      201,
    );
    await call(api.url, 'POST', '/api/v1/namespaces/shop/resourcequotas', {
      metadata: { name: 'pods' },
      spec: { hard: { pods: '2' } },
    });
    const deployment = await call(api.url, 'POST', '/apis/apps/v1/namespaces/shop/deployments', {
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    });
    expect(deployment.status).toBe(201);
    await until(async () => {
      const events = (await call(api.url, 'GET', '/api/v1/namespaces/shop/events')).body.items as {
        reason: string;
        message: string;
      }[];
      expect(events.find((e) => e.reason === 'FailedCreate')?.message).toMatch(
        /^Error creating: pods "web-[a-z0-9]+-[a-z0-9]+" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2$/,
      );
    });
    expect((await call(api.url, 'GET', '/api/v1/namespaces/shop/pods')).body.items).toHaveLength(2);
  });
});
