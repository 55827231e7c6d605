import { ApiError } from '@orchestra/api';
import { AuthorizationAttributes, Authorizer } from '../authorizer';
import { AccessReviews, attributesOf } from './access-reviews';

const asked: AuthorizationAttributes[] = [];
const authorizer: Authorizer = {
  name: 'test',
  authorize: async (a) => {
    asked.push(a);
    if (a.verb === 'delete') return { decision: 'deny', reason: 'never' };
    return a.user.username === 'alice'
      ? { decision: 'allow', reason: 'because' }
      : { decision: 'no-opinion' };
  },
};
const reviews = new AccessReviews(authorizer, (user, namespace) => ({
  rules: [
    { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: [namespace] },
    { verbs: ['get'], nonResourceURLs: ['/healthz'] },
  ],
  incomplete: user.username !== 'alice',
}));
const alice = { username: 'alice', groups: ['devs', 'system:authenticated'] };

describe(AccessReviews.name, () => {
  it('SelfSubjectAccessReview asks the authorizer for the requester, with every attribute', async () => {
    const spec = {
      resourceAttributes: {
        namespace: 'a',
        verb: 'get',
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
        subresource: 'scale',
        name: 'web',
      },
    };
    const review = await reviews.selfSubjectAccessReview({ body: { spec }, user: alice });
    expect(review).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec,
      status: { allowed: true, reason: 'because' },
    });
    expect(asked.pop()).toEqual({
      user: alice,
      resourceRequest: true,
      verb: 'get',
      apiGroup: 'apps',
      apiVersion: 'v1',
      resource: 'deployments',
      subresource: 'scale',
      namespace: 'a',
      name: 'web',
    });
    const denied = await reviews.selfSubjectAccessReview({
      body: { spec: { nonResourceAttributes: { path: '/x', verb: 'delete' } } },
      user: alice,
    });
    expect(denied.status).toEqual({ allowed: false, denied: true, reason: 'never' });
  });

  it('refuses a spec with both or neither kind of attributes (422)', async () => {
    const both = reviews.selfSubjectAccessReview({
      body: { spec: { resourceAttributes: {}, nonResourceAttributes: {} } },
      user: alice,
    });
    await expect(both).rejects.toMatchObject({ code: 422 });
    await expect(reviews.selfSubjectAccessReview({ body: {}, user: alice })).rejects.toBeInstanceOf(ApiError);
  });

  it('SubjectAccessReview asks for the named user; it needs a user or a group', async () => {
    const review = await reviews.subjectAccessReview({
      body: { spec: { user: 'bob', groups: ['g'], resourceAttributes: { verb: 'get', resource: 'pods' } } },
      user: alice,
    });
    expect(review.status).toEqual({ allowed: false });
    expect(asked.pop()!.user).toMatchObject({ username: 'bob', groups: ['g'] });
    await expect(
      reviews.subjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'get' } } }, user: alice }),
    ).rejects.toMatchObject({ code: 422 });
  });

  it('SelfSubjectRulesReview splits resource and non-resource rules; SelfSubjectReview says who', async () => {
    const rules = reviews.selfSubjectRulesReview({ body: { spec: { namespace: 'a' } }, user: alice });
    expect(rules.status).toEqual({
      resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
      incomplete: false,
    });
    expect(() => reviews.selfSubjectRulesReview({ body: { spec: {} }, user: alice })).toThrow(
      'no namespace on request',
    );
    expect(reviews.selfSubjectReview({ body: {}, user: { ...alice, uid: 'u1' } }).status).toEqual({
      userInfo: { username: 'alice', uid: 'u1', groups: ['devs', 'system:authenticated'] },
    });
  });

  it('attributesOf leaves empty fields out', () => {
    expect(attributesOf(alice, { resourceAttributes: { verb: 'list', resource: 'pods' } })).toEqual({
      user: alice,
      resourceRequest: true,
      verb: 'list',
      apiGroup: '',
      apiVersion: undefined,
      resource: 'pods',
      subresource: undefined,
      namespace: undefined,
      name: undefined,
    });
  });
});
