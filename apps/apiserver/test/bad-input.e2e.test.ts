/** Bad input gets a Status with the right code and never changes stored state. */
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { eventually } from '../../../tools/testing/eventually';
import { aggregatedRules } from '../src/authorization/rbac/clusterrole-aggregation';
import type { ClusterRole } from '../src/authorization/rbac/rbac.types';

describe('apiserver bad input', () => {
  let api: TestApiserver;
  const configMaps = '/api/v1/namespaces/default/configmaps';

  const revision = async () => Number(await api.redis.client.get(`${api.redis.prefix}/revision`));
  const snapshot = async () => ({
    revision: await revision(),
    list: (await call(api.url, 'GET', configMaps)).body.items,
  });

  beforeAll(async () => {
    api = await startTestApiserver('bad');
    // The apiserver's ClusterRole aggregation writes admin and edit just after start: wait until
    // every aggregated role holds its rules, so nothing but the test's requests moves the revision.
    await eventually(
      async () => {
        const roles: ClusterRole[] = (
          await call(api.url, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles')
        ).body.items;
        return roles.every(
          (role) =>
            !role.aggregationRule ||
            JSON.stringify(role.rules ?? []) === JSON.stringify(aggregatedRules(role, roles)),
        );
      },
      10_000,
      'the aggregated ClusterRoles',
    );
    await call(api.url, 'POST', configMaps, { metadata: { name: 'existing' }, data: { a: '1' } });
  });
  afterAll(() => api.close());

  const cases: [string, () => Promise<{ status: number; body: any }>, number, string][] = [
    [
      'malformed JSON',
      () =>
        call(api.url, 'POST', configMaps, '{"metadata": {"name": "x"', {
          'content-type': 'application/json',
        }),
      400,
      'BadRequest',
    ],
    [
      'malformed YAML',
      () => call(api.url, 'POST', configMaps, 'metadata: [unclosed', { 'content-type': 'application/yaml' }),
      400,
      'BadRequest',
    ],
    [
      'a JSON array body',
      () => call(api.url, 'POST', configMaps, '[1,2]', { 'content-type': 'application/json' }),
      400,
      'BadRequest',
    ],
    [
      'wrong Content-Type',
      () =>
        call(api.url, 'POST', configMaps, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'UnsupportedMediaType',
    ],
    [
      'a patch with a non-patch type',
      () => call(api.url, 'PATCH', `${configMaps}/existing`, '{}', { 'content-type': 'application/json' }),
      415,
      'UnsupportedMediaType',
    ],
    [
      'a 4 MiB body',
      () =>
        call(
          api.url,
          'POST',
          configMaps,
          JSON.stringify({ metadata: { name: 'big' }, data: { blob: 'x'.repeat(4 * 1024 * 1024) } }),
        ),
      413,
      'RequestEntityTooLarge',
    ],
    [
      'an unknown resource',
      () => call(api.url, 'GET', '/api/v1/namespaces/default/widgets'),
      404,
      'NotFound',
    ],
    [
      'an unknown group',
      () =>
        call(api.url, 'POST', '/apis/example.com/v1/namespaces/default/widgets', { metadata: { name: 'x' } }),
      404,
      'NotFound',
    ],
    [
      'a method the resource does not have',
      () => call(api.url, 'POST', `${configMaps}/existing`, { metadata: { name: 'x' } }),
      405,
      'MethodNotAllowed',
    ],
    [
      'a mismatched kind',
      () => call(api.url, 'POST', configMaps, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }),
      400,
      'BadRequest',
    ],
    [
      'an invalid name',
      () => call(api.url, 'POST', configMaps, { metadata: { name: 'Bad_Name' } }),
      422,
      'Invalid',
    ],
    [
      'an update of a missing object',
      () => call(api.url, 'PUT', `${configMaps}/missing`, { metadata: { name: 'missing' } }),
      404,
      'NotFound',
    ],
  ];

  it.each(cases)(
    'answers %s with a Status and leaves the store unchanged',
    async (_what, request, code, reason) => {
      const before = await snapshot();
      const { status, body } = await request();
      expect(status).toBe(code);
      expect(body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
      expect(typeof body.message).toBe('string');
      expect(await snapshot()).toEqual(before);
    },
  );

  it('names the field in a 422', async () => {
    const { body } = await call(api.url, 'POST', configMaps, {
      metadata: { name: 'ok', labels: { 'bad key!': 'v' } },
    });
    expect(body.code).toBe(422);
    expect(body.details.causes.map((c: any) => c.field)).toContain('metadata.labels');
    expect(body.message).toContain('metadata.labels');
  });
});
