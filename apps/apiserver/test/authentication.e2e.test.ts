/**
 * Authentication on a real apiserver: health and version answer anyone; everything else needs a
 * bearer token from the token file or a ServiceAccount token from TokenRequest. No token, a wrong
 * token, an expired or forged ServiceAccount token, or one of a deleted account is 401; a good
 * token from a user without permissions is 403 (authenticated, not authorized); impersonation
 * needs the impersonate permission.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { installedKubectlClients } from './kubectl-clients';

const issuer = 'https://kubernetes.default.svc.cluster.local';

describe('authentication', () => {
  let api: TestApiserver;

  beforeAll(async () => {
    api = await startTestApiserver('authentication');
    await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'team' } });
  });
  afterAll(() => api.close());

  const asToken = (token: string) => ({ authorization: `Bearer ${token}` });

  it('answers /healthz, /livez, /readyz and /version without a token', async () => {
    for (const path of ['/healthz', '/livez', '/readyz', '/version']) {
      const res = await fetch(api.url + path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
  });

  it('answers 401 with an Unauthorized Status without a token, with a wrong one and with a non-bearer one', async () => {
    for (const headers of [{}, asToken('not-a-token'), { authorization: 'Basic YWRtaW46YWRtaW4=' }]) {
      for (const path of ['/api/v1/namespaces', '/apis', '/metrics', '/openapi/v3', '/chaos/v1']) {
        const res = await fetch(api.url + path, { headers });
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
        expect(await res.json()).toMatchObject({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'Unauthorized',
          code: 401,
        });
      }
    }
  });

  it('lets a token-file user in: the admin lists namespaces', async () => {
    const res = await call(api.url, 'GET', '/api/v1/namespaces');
    expect(res.status).toBe(200);
    expect(res.body.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toContain('team');
  });

  it('a known user without permissions is authenticated but forbidden, with Kubernetes message', async () => {
    const token = api.credentials.addUser('nobody');
    const res = await call(api.url, 'GET', '/api/v1/namespaces/team/pods', undefined, asToken(token));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ reason: 'Forbidden', code: 403 });
    expect(res.body.message).toBe(
      'pods is forbidden: User "nobody" cannot list resource "pods" in API group "" in the namespace "team"',
    );
  });

  describe('ServiceAccount tokens (TokenRequest)', () => {
    const accounts = '/api/v1/namespaces/team/serviceaccounts';

    it('issues a signed, expiring token that authenticates as the account', async () => {
      await call(api.url, 'POST', accounts, { metadata: { name: 'robot' } });
      const res = await call(api.url, 'POST', `${accounts}/robot/token`, {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        spec: { audiences: [issuer], expirationSeconds: 3600 },
      });
      const expires = Date.parse(res.body.status.expirationTimestamp);
      expect(expires - Date.now()).toBeGreaterThan(3590_000);
      expect(expires - Date.now()).toBeLessThanOrEqual(3600_000);
      // Authenticated as the account (403: it has no permissions, not 401).
      const asRobot = await call(
        api.url,
        'GET',
        '/api/v1/namespaces/team/pods',
        undefined,
        asToken(res.body.status.token),
      );
      expect(asRobot.status).toBe(403);
      expect(asRobot.body.message).toContain('User "system:serviceaccount:team:robot" cannot list');
    });

    it.each(installedKubectlClients().map((c) => [c.label, c.path]))(
      '%s: create token issues a token of the account (protobuf TokenRequest)',
      async (_label, kubectl) => {
        const session = await tlsKubectlSession(kubectl, api.url);
        try {
          const token = (
            await session.kubectl('create', 'token', 'robot', '-n', 'team', '--duration', '20m')
          ).trim();
          const res = await call(api.url, 'GET', '/api/v1/namespaces/team/pods', undefined, asToken(token));
          expect(res.status).toBe(403);
          expect(res.body.message).toContain('User "system:serviceaccount:team:robot" cannot list');
          await expect(
            session.kubectl('create', 'token', 'robot', '-n', 'team', '--duration', '1m'),
          ).rejects.toThrow(
            'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
          );
        } finally {
          await session.close();
        }
      },
    );

    it('refuses a lifetime under 10 minutes, naming the field (422)', async () => {
      const res = await call(api.url, 'POST', `${accounts}/robot/token`, { spec: { expirationSeconds: 60 } });
      expect(res.status).toBe(422);
      expect(res.body.message).toContain(
        'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      );
    });

    it('answers 404 for a token of an account that does not exist', async () => {
      const res = await call(api.url, 'POST', `${accounts}/ghost/token`, { spec: {} });
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('serviceaccounts "ghost" not found');
    });

    async function signed(claims: { exp: number; uid: string; name?: string }, key = serviceAccountKey()) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        'kubernetes.io': {
          namespace: 'team',
          serviceaccount: { name: claims.name ?? 'robot', uid: claims.uid },
        },
      })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(issuer)
        .setSubject(`system:serviceaccount:team:${claims.name ?? 'robot'}`)
        .setAudience([issuer])
        .setIssuedAt(now - 7200)
        .setNotBefore(now - 7200)
        .setExpirationTime(claims.exp)
        .sign(key);
    }
    const serviceAccountKey = () => createPrivateKey(readFileSync(api.credentials.serviceAccountKeyFile));
    const robotUid = async () =>
      (await call(api.url, 'GET', `${accounts}/robot`)).body.metadata.uid as string;

    it('answers 401 for an expired token', async () => {
      const token = await signed({ exp: Math.floor(Date.now() / 1000) - 60, uid: await robotUid() });
      const res = await call(api.url, 'GET', '/api/v1/namespaces/team/pods', undefined, asToken(token));
      expect(res.status).toBe(401);
      expect(res.body.reason).toBe('Unauthorized');
    });

    it('answers 401 for a token signed with another key', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const token = await signed(
        { exp: Math.floor(Date.now() / 1000) + 600, uid: await robotUid() },
        privateKey,
      );
      expect((await call(api.url, 'GET', '/api/v1/namespaces', undefined, asToken(token))).status).toBe(401);
    });

    it('answers 401 once the account is deleted, also when one of the same name is made again', async () => {
      await call(api.url, 'POST', accounts, { metadata: { name: 'temp' } });
      const issued = await call(api.url, 'POST', `${accounts}/temp/token`, { spec: {} });
      const token = issued.body.status.token as string;
      expect((await call(api.url, 'GET', '/api/v1/namespaces', undefined, asToken(token))).status).toBe(403);
      await call(api.url, 'DELETE', `${accounts}/temp`);
      expect((await call(api.url, 'GET', '/api/v1/namespaces', undefined, asToken(token))).status).toBe(401);
      await call(api.url, 'POST', accounts, { metadata: { name: 'temp' } });
      expect((await call(api.url, 'GET', '/api/v1/namespaces', undefined, asToken(token))).status).toBe(401);
    });
  });

  describe('impersonation', () => {
    it('lets the admin act as another user, who is then authorized as themselves', async () => {
      const res = await call(api.url, 'GET', '/api/v1/namespaces/team/pods', undefined, {
        'impersonate-user': 'carol',
      });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('User "carol" cannot list resource "pods"');
    });

    it('refuses impersonation to a user without the impersonate permission', async () => {
      const token = api.credentials.addUser('mallory');
      const res = await call(api.url, 'GET', '/api/v1/namespaces', undefined, {
        ...asToken(token),
        'impersonate-user': 'orchestra-admin',
        'impersonate-group': 'system:masters',
      });
      expect(res.status).toBe(403);
      expect(res.body.message).toBe(
        'users "orchestra-admin" is forbidden: User "mallory" cannot impersonate resource "users" in API group "" at the cluster scope',
      );
    });
  });
});
