import { limitRangePrinter, resourceQuotaPrinter, serviceAccountPrinter } from './policy.printers';

const now = new Date('2026-01-01T00:10:00Z');
const metadata = { name: 'compute', namespace: 'a', creationTimestamp: '2026-01-01T00:00:00Z' };

describe('policy printers', () => {
  it('prints a quota as kubectl get quota: requests under REQUEST, limits.* under LIMIT, sorted', () => {
    const row = resourceQuotaPrinter.print(
      {
        metadata,
        spec: {},
        status: {
          hard: { pods: '2', 'requests.cpu': '1', 'limits.memory': '1Gi', 'count/deployments.apps': '3' },
          used: { pods: '2', 'requests.cpu': '500m', 'limits.memory': '512Mi' },
        },
      },
      now,
    );
    expect(row.cells).toEqual([
      'compute',
      '10m',
      'count/deployments.apps: 0/3, pods: 2/2, requests.cpu: 500m/1',
      'limits.memory: 512Mi/1Gi',
    ]);
    expect(resourceQuotaPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Age', 'Request', 'Limit']);
  });

  it('prints a LimitRange with its creation time and a ServiceAccount with its secrets count', () => {
    expect(limitRangePrinter.print({ metadata, spec: { limits: [] } }, now).cells).toEqual([
      'compute',
      '2026-01-01T00:00:00Z',
    ]);
    expect(serviceAccountPrinter.print({ metadata: { ...metadata, name: 'default' } }, now).cells).toEqual([
      'default',
      0,
      '10m',
    ]);
  });
});
