import { validateLease } from './lease.validation';

describe(validateLease.name, () => {
  it('checks durations, transitions and times', () => {
    const spec = { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: '2024-05-01T10:00:00.000000Z' };
    expect(validateLease({ spec })).toEqual([]);
    const errs = validateLease({
      spec: { leaseDurationSeconds: 0, leaseTransitions: -1, acquireTime: 'yesterday' },
    });
    expect(errs.map((e) => [e.field, e.detail])).toEqual([
      ['spec.leaseDurationSeconds', 'must be greater than 0'],
      ['spec.leaseTransitions', 'must be greater than or equal to 0'],
      ['spec.acquireTime', 'must be an RFC 3339 timestamp'],
    ]);
  });
});
