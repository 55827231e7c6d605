import { Authorizer } from './authorizer';
import { authorizerChain, UnionAuthorizer } from './union.authorizer';

const fixed = (name: string, decision: 'allow' | 'deny' | 'no-opinion', reason?: string): Authorizer => ({
  name,
  authorize: async () =>
    decision === 'no-opinion' ? { decision, reason } : { decision, reason: reason ?? name },
});
const attrs = (groups: string[] = []) => ({
  user: { username: 'u', groups },
  verb: 'get',
  resourceRequest: true,
  resource: 'pods',
});

describe(UnionAuthorizer.name, () => {
  it('the first allow or deny decides; no-opinion reasons are joined', async () => {
    expect(
      await new UnionAuthorizer([
        fixed('a', 'no-opinion'),
        fixed('b', 'deny'),
        fixed('c', 'allow'),
      ]).authorize(attrs()),
    ).toEqual({
      decision: 'deny',
      reason: 'b',
    });
    expect(
      await new UnionAuthorizer([fixed('a', 'no-opinion', 'x'), fixed('b', 'no-opinion', 'y')]).authorize(
        attrs(),
      ),
    ).toEqual({
      decision: 'no-opinion',
      reason: 'x, y',
    });
  });

  it('allows system:masters before any mode, even one that denies', async () => {
    const chain = authorizerChain(['Node', 'RBAC'], {
      Node: fixed('Node', 'deny'),
      RBAC: fixed('RBAC', 'no-opinion'),
    });
    expect((await chain.authorize(attrs(['system:masters']))).decision).toBe('allow');
    expect((await chain.authorize(attrs())).decision).toBe('deny');
    expect(await chain.namespacesAllowing(attrs(['system:masters']))).toBe('all');
  });

  it('AlwaysAllow allows what earlier modes have no opinion on', async () => {
    const chain = authorizerChain(['RBAC', 'AlwaysAllow'], {
      Node: fixed('Node', 'deny'),
      RBAC: fixed('RBAC', 'no-opinion'),
    });
    expect((await chain.authorize(attrs())).decision).toBe('allow');
    expect(await chain.namespacesAllowing(attrs())).toBe('all');
  });

  it('tells its observer which authorizer allowed or denied', async () => {
    const seen: string[] = [];
    const chain = authorizerChain(
      ['Node', 'RBAC'],
      { Node: fixed('Node', 'no-opinion'), RBAC: fixed('RBAC', 'allow') },
      (name, decision) => seen.push(`${name} ${decision}`),
    );
    await chain.authorize(attrs());
    await chain.authorize(attrs(['system:masters']));
    expect(seen).toEqual(['RBAC allowed', 'privileged-group allowed']);
  });

  it('namespacesAllowing unites the members’ namespaces', async () => {
    const a: Authorizer = { ...fixed('a', 'no-opinion'), namespacesAllowing: () => new Set(['x']) };
    const b: Authorizer = { ...fixed('b', 'no-opinion'), namespacesAllowing: async () => new Set(['y']) };
    expect(await new UnionAuthorizer([a, b]).namespacesAllowing(attrs())).toEqual(new Set(['x', 'y']));
  });
});
