import { ruleAllows } from './rule-matching';

const pods = (over: object = {}) => ({
  verb: 'get',
  resourceRequest: true,
  apiGroup: '',
  resource: 'pods',
  name: 'web',
  ...over,
});

describe('ruleAllows', () => {
  it('matches verbs, groups and resources, with * for any', () => {
    const rule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
    expect(ruleAllows(pods(), rule)).toBe(true);
    expect(ruleAllows(pods({ verb: 'delete' }), rule)).toBe(false);
    expect(ruleAllows(pods({ apiGroup: 'apps' }), rule)).toBe(false);
    expect(ruleAllows(pods({ resource: 'services' }), rule)).toBe(false);
    expect(
      ruleAllows(pods({ verb: 'delete', apiGroup: 'apps', resource: 'x' }), {
        verbs: ['*'],
        apiGroups: ['*'],
        resources: ['*'],
      }),
    ).toBe(true);
  });

  it('needs resource/subresource for a subresource; */sub matches any resource', () => {
    const status = pods({ verb: 'update', subresource: 'status' });
    expect(ruleAllows(status, { verbs: ['update'], apiGroups: [''], resources: ['pods'] })).toBe(false);
    expect(ruleAllows(status, { verbs: ['update'], apiGroups: [''], resources: ['pods/status'] })).toBe(true);
    expect(ruleAllows(status, { verbs: ['update'], apiGroups: [''], resources: ['*/status'] })).toBe(true);
    expect(ruleAllows(status, { verbs: ['update'], apiGroups: [''], resources: ['*/scale'] })).toBe(false);
    expect(
      ruleAllows(pods({ verb: 'update' }), { verbs: ['update'], apiGroups: [''], resources: ['*/status'] }),
    ).toBe(false);
    expect(ruleAllows(status, { verbs: ['update'], apiGroups: [''], resources: ['*'] })).toBe(true);
  });

  it('resourceNames never match a request without a name (list, create)', () => {
    const rule = { verbs: ['*'], apiGroups: [''], resources: ['pods'], resourceNames: ['web'] };
    expect(ruleAllows(pods(), rule)).toBe(true);
    expect(ruleAllows(pods({ name: 'db' }), rule)).toBe(false);
    expect(ruleAllows(pods({ verb: 'list', name: undefined }), rule)).toBe(false);
    expect(ruleAllows(pods({ verb: 'create', name: undefined }), rule)).toBe(false);
  });

  it('matches nonResourceURLs exactly or by a trailing *', () => {
    const req = (path: string, verb = 'get') => ({ verb, resourceRequest: false, path });
    const rule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*', '/version'] };
    expect(ruleAllows(req('/healthz'), rule)).toBe(true);
    expect(ruleAllows(req('/healthz/etcd'), rule)).toBe(false);
    expect(ruleAllows(req('/apis/apps/v1'), rule)).toBe(true);
    expect(ruleAllows(req('/apis'), rule)).toBe(false);
    expect(ruleAllows(req('/version', 'post'), rule)).toBe(false);
    expect(ruleAllows(req('/anything'), { verbs: ['get'], nonResourceURLs: ['*'] })).toBe(true);
    // A resource rule never allows a path, and a path rule never a resource.
    expect(ruleAllows(req('/healthz'), { verbs: ['*'], apiGroups: ['*'], resources: ['*'] })).toBe(false);
    expect(ruleAllows(pods(), { verbs: ['*'], nonResourceURLs: ['*'] })).toBe(false);
  });
});
