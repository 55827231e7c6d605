import { renderHealthReport } from './health-report';

describe(renderHealthReport.name, () => {
  const passing = [
    { name: 'ping', ok: true },
    { name: 'redis', ok: true },
  ];

  it('answers a bare ok when everything passes', () => {
    expect(renderHealthReport('readyz', passing, false)).toEqual({ status: 200, body: 'ok' });
  });

  it('lists checks like kube-apiserver when verbose', () => {
    expect(renderHealthReport('livez', passing, true)).toEqual({
      status: 200,
      body: '[+]ping ok\n[+]redis ok\nlivez check passed\n',
    });
  });

  it('lists checks with 503 when one fails, withholding the reason', () => {
    const results = [passing[0], { name: 'redis', ok: false, reason: 'ECONNREFUSED 10.0.0.1' }];
    expect(renderHealthReport('readyz', results, false)).toEqual({
      status: 503,
      body: '[+]ping ok\n[-]redis failed: reason withheld\nreadyz check failed\n',
    });
  });
});
