import { expired } from './leader-elector';

describe('expired', () => {
  const renewTime = '2030-01-01T00:00:00.000000Z';
  const at = (iso: string) => Date.parse(iso);

  it('is false until renewTime + leaseDurationSeconds has passed', () => {
    expect(expired({ renewTime, leaseDurationSeconds: 15 }, at('2030-01-01T00:00:14.999Z'))).toBe(false);
    expect(expired({ renewTime, leaseDurationSeconds: 15 }, at('2030-01-01T00:00:15.000Z'))).toBe(false);
    expect(expired({ renewTime, leaseDurationSeconds: 15 }, at('2030-01-01T00:00:15.001Z'))).toBe(true);
  });

  it('treats a lease that was never renewed as expired', () => {
    expect(expired({ holderIdentity: 'x', leaseDurationSeconds: 15 }, 0)).toBe(true);
  });
});
