import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardQueries } from './dashboard-queries';

const intervals = { rateInterval: '30s', interval: '2s', range: '5m' };

describe('dashboardQueries', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'orchestra-dashboards-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, dashboard: object) =>
    writeFileSync(join(dir, name), JSON.stringify(dashboard));

  it('takes every visible target of every panel, rows included, with variables as Grafana fills them', () => {
    write('a.json', {
      title: 'A',
      templating: {
        list: [
          { name: 'cluster', current: { value: 'orchestra' } },
          { name: 'namespace', current: { value: ['$__all'] } },
          { name: 'node', current: { value: ['n1', 'n2'] } },
        ],
      },
      panels: [
        {
          id: 1,
          title: 'rate',
          targets: [{ refId: 'A', expr: 'rate(x{cluster="$cluster"}[$__rate_interval])' }],
        },
        { id: 2, type: 'text' },
        {
          id: 3,
          type: 'row',
          panels: [
            {
              id: 4,
              title: 'inside',
              targets: [
                { refId: 'A', expr: 'y{namespace=~"${namespace}", node=~"$node"}' },
                { refId: 'B', expr: 'z', hide: true },
              ],
            },
          ],
        },
      ],
    });
    expect(dashboardQueries(dir, intervals)).toEqual([
      { dashboard: 'A', panel: 'rate', refId: 'A', expr: 'rate(x{cluster="orchestra"}[30s])' },
      { dashboard: 'A', panel: 'inside', refId: 'A', expr: 'y{namespace=~".*", node=~"(n1|n2)"}' },
    ]);
  });

  it('fails on a variable the dashboard does not define (Grafana would show No data)', () => {
    write('b.json', { title: 'B', panels: [{ id: 1, title: 'p', targets: [{ expr: 'x{pod="$pod"}' }] }] });
    expect(() => dashboardQueries(dir, intervals)).toThrow(/unknown variable \$pod/);
  });
});
