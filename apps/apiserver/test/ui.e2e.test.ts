/**
 * The web dashboard's files on a real apiserver: `/ui` redirects to `/ui/`, every file the page
 * loads (and every module those import) is served with its content type and `no-cache`,
 * nothing outside the folder is, and `/ui/config.json` carries DASHBOARD_GRAFANA_URL and the
 * uids of the dashboards Grafana is provisioned with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { grafanaDashboards } from '../src/ui/ui-config';

const repoRoot = join(__dirname, '..', '..', '..');

describe('web dashboard files (/ui)', () => {
  let api: TestApiserver;

  beforeAll(async () => {
    api = await startTestApiserver('ui', { DASHBOARD_GRAFANA_URL: 'http://grafana.example:3001/' });
  });
  afterAll(() => api.close());

  it('redirects /ui to /ui/, keeping the query', async () => {
    const res = await fetch(`${api.url}/ui?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/ui/?x=1');
  });

  it('serves the page and, transitively, every module it imports with its content type', async () => {
    const page = await fetch(`${api.url}/ui/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const pending = [...html.matchAll(/(?:href|src)="\.\/([^"]+)"/g)].map((m) => m[1]);
    expect(pending).toEqual(expect.arrayContaining(['dashboard.css', 'main.js']));
    const seen = new Set<string>();
    while (pending.length) {
      const name = pending.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const res = await fetch(`${api.url}/ui/${name}`);
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const body = await res.text();
      if (name.endsWith('.css')) expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
      if (name.endsWith('.js')) {
        // A module served as anything but JavaScript is refused by the browser.
        expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
        for (const m of body.matchAll(/^import .* from '\.\/([^']+)';$/gm)) pending.push(m[1]);
      }
    }
    expect([...seen].sort()).toEqual(
      readdirSync(join(repoRoot, 'apps/apiserver/src/ui/static'))
        .filter((f) => f !== 'index.html')
        .sort(),
    );
  });

  it('answers a cheap 304 to a reload (ETag)', async () => {
    const first = await fetch(`${api.url}/ui/main.js`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${api.url}/ui/main.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it.each(['/ui/nope.js', '/ui/..%2Fui.controller.ts', '/ui/ui.controller.ts', '/ui/static%2Fmain.js'])(
    '404 for %s',
    async (path) => {
      const res = await fetch(api.url + path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ kind: 'Status', code: 404 });
    },
  );

  it('/ui/config.json reflects DASHBOARD_GRAFANA_URL (no trailing slash) and the chaos switch', async () => {
    const res = await fetch(`${api.url}/ui/config.json`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.json()).toEqual({
      grafanaUrl: 'http://grafana.example:3001',
      chaosEnabled: true,
      dashboards: expect.arrayContaining([
        {
          id: 'self-healing',
          title: 'Self-healing',
          uid: 'orchestra-self-healing',
          url: 'http://grafana.example:3001/d/orchestra-self-healing',
        },
      ]),
    });
  });

  it('links only to dashboards Grafana is provisioned with (their uids)', () => {
    const provisioned = readdirSync(join(repoRoot, 'grafana/dashboards'))
      .filter((f) => f.endsWith('.json'))
      .map(
        (f) =>
          (JSON.parse(readFileSync(join(repoRoot, 'grafana/dashboards', f), 'utf8')) as { uid: string }).uid,
      );
    for (const d of grafanaDashboards) expect(provisioned).toContain(d.uid);
    expect(grafanaDashboards.map((d) => d.id).sort()).toEqual([
      'cluster-overview',
      'control-plane',
      'self-healing',
      'workloads',
    ]);
  });
});
