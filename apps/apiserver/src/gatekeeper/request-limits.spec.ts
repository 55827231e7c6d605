import type { Request, Response } from 'express';
import { AuditRecord } from '../audit/audit.logger';
import { RequestLimits } from './request-limits';

describe(RequestLimits.name, () => {
  const alice = { username: 'alice', groups: ['system:authenticated'] };
  const record = () => new AuditRecord({} as never, 'Metadata', 'id', 0, {});
  const req = (method: string, originalUrl: string) => ({ method, originalUrl }) as Request;

  function limits() {
    const consumed: string[] = [];
    const calls: string[] = [];
    const subject = new RequestLimits(
      { acquire: () => void calls.push('acquire') } as never,
      { arm: () => void calls.push('arm') } as never,
      { consume: async (user: string) => void consumed.push(user) } as never,
      { track: () => (calls.push('track'), record()) } as never,
    );
    return { subject, consumed, calls };
  }

  it('starts the clock and the audit record first', () => {
    const { subject, calls } = limits();
    subject.begin(req('GET', '/api/v1/pods'), {} as Response);
    expect(calls).toEqual(['arm', 'track']);
  });

  it('records the decision, and takes a chaos point only for an allowed chaos injection', async () => {
    const { subject, consumed } = limits();
    const allowed = record();
    await subject.afterAuthorization(allowed, req('POST', '/chaos/v1/pod-kill'), alice, 'allow', 'RBAC: ok');
    expect(allowed.annotations).toEqual({
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: ok',
    });
    const denied = record();
    await subject.afterAuthorization(denied, req('POST', '/chaos/v1/pod-kill'), alice, 'forbid', '');
    expect(denied.annotations).toEqual({ 'authorization.k8s.io/decision': 'forbid' });
    await subject.afterAuthorization(record(), req('GET', '/api/v1/pods'), alice, 'allow', '');
    expect(consumed).toEqual(['alice']);
  });
});
