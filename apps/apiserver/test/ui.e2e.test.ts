/**
 * The web dashboard's files on a real apiserver (authentication on): `/ui` redirects to `/ui/`,
 * every file the page loads (and every module those import) is served with its content type and
 * `no-cache`, without a token (they hold no cluster data), nothing outside the folder is, and
 * `/ui/config.json` carries DASHBOARD_GRAFANA_URL and the uids of the dashboards Grafana is
 * provisioned with. The API calls the page makes need a token: the page has the token sign-in
 * and every request of its modules goes through api.js, which sends it.
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

  it('serves the page, its modules and its settings without a token; the API it calls wants one', async () => {
    for (const path of ['/ui/', '/ui/main.js', '/ui/auth.js', '/ui/config.json']) {
      const res = await fetch(api.url + path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const anonymous = await fetch(`${api.url}/api/v1/pods`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ kind: 'Status', code: 401, message: 'Unauthorized' });
    const wrong = await fetch(`${api.url}/api/v1/pods`, { headers: { authorization: 'Bearer wrong' } });
    expect(wrong.status).toBe(401);
    const admin = await fetch(`${api.url}/api/v1/pods`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(admin.status).toBe(200);
  });

  it('checks a token as the page does: any signed-in user may read discovery, a wrong token is 401', async () => {
    // whoAmI in api.js falls back to GET /api where SelfSubjectReview is not served.
    const nobody = api.credentials.addUser('dashboard-nobody');
    expect((await fetch(`${api.url}/api`, { headers: { authorization: `Bearer ${nobody}` } })).status).toBe(
      200,
    );
    const review = await fetch(`${api.url}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${nobody}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
    });
    // Served: who the token is; not served (yet): 404, and the page uses /api.
    expect([201, 404]).toContain(review.status);
    if (review.status === 201)
      expect(((await review.json()) as any).status.userInfo.username).toBe('dashboard-nobody');
    expect((await fetch(`${api.url}/api`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('has the token sign-in, and every module reaches the apiserver through api.js', async () => {
    const html = await (await fetch(`${api.url}/ui/`)).text();
    expect(html).toMatch(/<label for="token">Bearer token<\/label>/);
    expect(html).toMatch(/<input\s+id="token"\s+name="token"\s+type="password"/);
    expect(html).toContain('kubectl create token');
    expect(html).toContain('.orchestra/tokens/');
    expect(html).toMatch(/<button type="submit" class="primary">Sign in<\/button>/);
    expect(html).toMatch(/<button id="sign-out" type="button">Sign out<\/button>/);
    const dir = join(repoRoot, 'apps/apiserver/src/ui/static');
    const fetching = readdirSync(dir).filter(
      (f) => f.endsWith('.js') && /\bfetch\(/.test(readFileSync(join(dir, f), 'utf8')),
    );
    expect(fetching).toEqual(['api.js']);
    // The token lives in sessionStorage, never localStorage or a cookie.
    const auth = readFileSync(join(dir, 'auth.js'), 'utf8');
    expect(auth).toContain('sessionStorage.setItem');
    for (const f of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
      const source = readFileSync(join(dir, f), 'utf8');
      expect({
        f,
        localStorage: /\blocalStorage\./.test(source),
        cookie: source.includes('document.cookie'),
      }).toEqual({
        f,
        localStorage: false,
        cookie: false,
      });
    }
  });

  it('keeps to 5 watches: the Workloads section polls its other kinds with one ListPoller', async () => {
    // Browsers give a server 6 HTTP/1.1 connections; each Informer holds one with its watch.
    const dir = join(repoRoot, 'apps/apiserver/src/ui/static');
    const main = readFileSync(join(dir, 'main.js'), 'utf8');
    expect(main.match(/new Informer\(/g)).toHaveLength(5);
    expect(main.match(/new ListPoller\(/g)).toHaveLength(1);
    for (const path of [
      '/apis/apps/v1/statefulsets',
      '/apis/apps/v1/daemonsets',
      '/apis/batch/v1/jobs',
      '/apis/batch/v1/cronjobs',
      '/apis/autoscaling/v2/horizontalpodautoscalers',
    ])
      expect(main).toContain(`'${path}'`);
    const html = await (await fetch(`${api.url}/ui/`)).text();
    expect(html).toContain('<h2 id="workloads-title">Workloads</h2>');
    expect(html).toMatch(/<p id="workloads-forbidden" class="error forbidden" role="status" hidden><\/p>/);
    expect(html).toMatch(/<p id="autoscalers-forbidden" class="error forbidden" role="status" hidden><\/p>/);
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
