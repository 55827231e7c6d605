/**
 * The web dashboard in a real browser (Debian's Chromium through playwright-core) against a
 * playground as `npm start` runs it (3 nodes, no Prometheus, authentication on): without a token
 * the page asks for one, a wrong one is refused with the apiserver's 401, the admin's token (typed,
 * or in a `#token=` link that then leaves the address bar) shows the cluster; the map shows the
 * nodes and a Deployment's pods, the watches bring changes within a second, "kill pod" on a chip
 * runs a pod-kill through the chaos API, the pod goes and its replacement appears, and the
 * experiment's verdict and time to recover are shown. The Workloads section lists a StatefulSet,
 * a DaemonSet, a Job, a CronJob and an HPA (ready of desired, completions, images, schedule,
 * `cpu: N%/50%`) by polling plain lists, which stop in a hidden tab; a user who may list the
 * other kinds but not Jobs sees the Jobs 403 there and the rest. A ServiceAccount bound to
 * `view` in one namespace sees that namespace's objects only, is told in Kubernetes' words that it
 * may not list nodes or inject chaos, and is sent back to sign-in when its token stops working.
 * Leaves screenshots in test-results/ui/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { buildDist } from '../../../tools/testing/component-process';
import { eventually } from '../../../tools/testing/eventually';
import { LauncherProcess, startLauncher } from '../../../tools/testing/launcher-process';

const chromiumPath = '/usr/bin/chromium';
const repoRoot = join(__dirname, '..', '..', '..');
const screenshotDir = join(repoRoot, 'test-results', 'ui');
const REPLICAS = 4;
/** The dashboard's promise: a change the apiserver has is on the page within a second. */
const WATCH_LATENCY_MS = 1000;

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'demo' },
  spec: {
    replicas: REPLICAS,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'web', image: 'orchestra/web', resources: { limits: { cpu: '250m', memory: '64Mi' } } },
        ],
      },
    },
  },
};

/** kubectl's AGE: `45s`, `3m2s`, `5h`, `2d3h`. */
const AGE = /^\d+[smhdy](\d+[smhd])?$/;

/**
 * Other workload kinds for the Workloads section (listed by polling, not watched), in a namespace
 * of their own with small requests: the tests after count demo's pods and the nodes' room.
 */
const NS = 'backend';
const podTemplate = (app: string, image: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: app, image, resources: { requests: { cpu: '20m', memory: '16Mi' } } }] },
});
const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: NS },
  spec: {
    replicas: 2,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: podTemplate('db', 'redis:7.2'),
  },
};
const daemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: NS },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: podTemplate('agent', 'registry.k8s.io/pause:3.9'),
  },
};
const job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', namespace: NS },
  spec: {
    completions: 1,
    template: {
      metadata: { labels: { app: 'migrate' } },
      spec: {
        restartPolicy: 'Never',
        containers: [
          { name: 'migrate', image: 'orchestra/batch', env: [{ name: 'DURATION_SECONDS', value: '1' }] },
        ],
      },
    },
  },
};
const cronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'nightly', namespace: NS },
  spec: { schedule: '0 3 * * *', jobTemplate: { spec: job.spec } },
};
/** Keeps db at 2 (min = max), so it never scales what the other tests count. */
const hpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'db', namespace: NS },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' },
    minReplicas: 2,
    maxReplicas: 2,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ],
  },
};

/** The launcher's fetch: the playground's CA trusted, the admin's token sent. */
let apiFetch: typeof fetch = fetch;

async function api(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await apiFetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed: any = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${parsed.message}`);
  return parsed;
}

const isReady = (pod: any) =>
  !pod.metadata.deletionTimestamp &&
  pod.status?.phase === 'Running' &&
  pod.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');

/** Who the apiserver says the admin is, if it serves SelfSubjectReview (`kubectl auth whoami`). */
async function whoAmI(base: string, headers: Record<string, string> = {}): Promise<string | undefined> {
  const res = await apiFetch(`${base}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
  });
  if (res.status === 404) return undefined;
  const body: any = await res.json();
  if (!res.ok) throw new Error(`SelfSubjectReview: ${res.status} ${body.message}`);
  return body.status.userInfo.username;
}

/** The name the page's header shows: the user's, or "signed in" where the apiserver cannot say. */
async function shownUser(base: string, headers: Record<string, string> = {}): Promise<string> {
  return (await whoAmI(base, headers)) ?? 'signed in';
}

/** The stored values of the page's sessionStorage and localStorage (evaluated in the page, no DOM types here). */
const storedToken = (page: Page) =>
  page.evaluate(
    '({ session: Object.values(sessionStorage), local: Object.values(localStorage) })',
  ) as Promise<{ session: string[]; local: string[] }>;

/** The web pods' chips as the page shows them: name → data-state. */
function webChips(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-pod^="demo/web-"]', (chips) =>
    Object.fromEntries(
      chips.map((c) => [c.getAttribute('data-pod')!.slice('demo/'.length), c.getAttribute('data-state')!]),
    ),
  );
}

// Without Debian's chromium a developer's run skips this file; CI (which installs it) never does.
(existsSync(chromiumPath) || process.env.CI ? describe : describe.skip)('web dashboard in Chromium', () => {
  let launcher: LauncherProcess;
  let apiserver: string;
  let browser: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await buildDist();
    launcher = await startLauncher({ ORCHESTRA_PROMETHEUS: 'off', ORCHESTRA_NODES: '3' }, 90_000);
    apiserver = launcher.endpoints().apiserver;
    apiFetch = launcher.fetch;
    await api(apiserver, 'POST', '/api/v1/namespaces', { metadata: { name: 'demo' } });
    await api(apiserver, 'POST', '/apis/apps/v1/namespaces/demo/deployments', deployment);

    userDataDir = mkdtempSync(join(tmpdir(), 'orchestra-chromium-'));
    // A fresh profile (Playwright's user data dir), so no state leaks in from an earlier run.
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 720 },
      // The playground's own CA is not the browser's. The page signs in itself: no extra headers.
      ignoreHTTPSErrors: true,
      // Without the background-networking flags Chromium keeps calling home, and this machine's
      // closed network answers slowly; QUIC and sync likewise.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && pageErrors.push(`${r.status()} ${r.url()}`));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await launcher?.dispose();
  }, 60_000);

  it('without a token: the sign-in view, and no API call is made', async () => {
    const requested: string[] = [];
    const onRequest = (r: { url(): string }) => requested.push(new URL(r.url()).pathname);
    page.on('request', onRequest);
    await page.goto(`${apiserver}/ui/`);
    await page.locator('#sign-in:not([hidden])').waitFor({ timeout: 10_000 });
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
    expect(await page.locator('#user').isHidden()).toBe(true);
    expect(await page.locator('#connection').getAttribute('data-state')).toBe('signed-out');
    const field = page.getByLabel('Bearer token');
    expect(await field.getAttribute('type')).toBe('password');
    expect(await page.locator('#sign-in').textContent()).toContain('kubectl create token');
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    page.off('request', onRequest);
    // The page's own files and its public settings only.
    expect(requested.filter((path) => !path.startsWith('/ui/'))).toEqual([]);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'sign-in.png') });
  }, 30_000);

  it('a wrong token: the 401 message of the apiserver, and the page stays on sign-in', async () => {
    await page.getByLabel('Bearer token').fill('not-a-token-of-this-cluster');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in-error:not([hidden])').waitFor({ timeout: 5000 });
    expect(await page.locator('#sign-in-error').textContent()).toBe(
      'Unauthorized: the API server does not accept this token (401).',
    );
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
    expect(await storedToken(page)).toEqual({ session: [], local: [] });
    // That 401 was the point (Chromium also logs it as a console error): not a page error.
    expect(pageErrors.every((e) => e.includes('401'))).toBe(true);
    pageErrors.length = 0;
  }, 30_000);

  it('signing in with the admin token shows the cluster, and who is signed in', async () => {
    await page.getByLabel('Bearer token').fill(launcher.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#sign-in').isHidden()).toBe(true);
    expect(await page.locator('#user-name').textContent()).toBe(await shownUser(apiserver));
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    // In this tab's sessionStorage only; the field is emptied.
    expect(await storedToken(page)).toEqual({ session: [launcher.adminToken], local: [] });
    expect(await page.getByLabel('Bearer token').inputValue()).toBe('');
  }, 30_000);

  it('shows the 3 nodes, the pods on them, the Deployment and its Events', async () => {
    const started = Date.now();
    // A reload keeps the tab's token: still signed in.
    await page.goto(`${apiserver}/ui/`);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#sign-in').isHidden()).toBe(true);
    await eventually(
      async () => (await page.locator('#nodes .node[data-ready="Ready"]').count()) === 3,
      30_000,
      '3 Ready node cards',
    );
    expect(await page.locator('#nodes .node h3').allTextContents()).toEqual(['node-1', 'node-2', 'node-3']);
    await eventually(
      async () => Object.values(await webChips(page)).filter((s) => s === 'ready').length === REPLICAS,
      60_000,
      `${REPLICAS} Running and Ready web chips`,
    );
    // Every web pod sits on the card of the node the API says it runs on.
    const pods = (await api(apiserver, 'GET', '/api/v1/namespaces/demo/pods')).items;
    for (const pod of pods) {
      const card = page.locator(
        `.node[data-node="${pod.spec.nodeName}"] [data-pod="demo/${pod.metadata.name}"]`,
      );
      expect(await card.count()).toBe(1);
    }
    await page.locator('tr[data-workload="Deployment/demo/web"]:not(.short)').waitFor({ timeout: 20_000 });
    expect(await page.locator('tr[data-workload="Deployment/demo/web"] td').allTextContents()).toEqual([
      'Deployment',
      'demo',
      'web',
      `${REPLICAS}/${REPLICAS}`,
      'orchestra/web',
      expect.stringMatching(AGE),
    ]);
    // The Events stream shows them as its watch delivers them: waited for, not read once.
    await page.locator('#events tbody tr').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#events tbody tr').count()).toBeGreaterThan(0);
    expect(
      await page.locator('#grafana-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(expect.arrayContaining(['http://localhost:3000/d/orchestra-self-healing']));
    console.log(
      `dashboard: ${REPLICAS} ready pods on 3 nodes shown ${Date.now() - started} ms after opening`,
    );
  }, 120_000);

  it('Workloads: a StatefulSet, a DaemonSet, a Job, a CronJob and an HPA, listed every few seconds, not watched', async () => {
    const requested: string[] = [];
    const onRequest = (r: { url(): string }) => {
      const url = new URL(r.url());
      if (
        /^\/apis\/(apps\/v1\/(statefulsets|daemonsets)|batch\/v1\/(jobs|cronjobs)|autoscaling\/v2\/)/.test(
          url.pathname,
        )
      )
        requested.push(url.pathname + url.search);
    };
    page.on('request', onRequest);
    await api(apiserver, 'POST', '/api/v1/namespaces', { metadata: { name: NS } });
    await api(apiserver, 'POST', `/apis/apps/v1/namespaces/${NS}/statefulsets`, statefulSet);
    await api(apiserver, 'POST', `/apis/apps/v1/namespaces/${NS}/daemonsets`, daemonSet);
    await api(apiserver, 'POST', `/apis/batch/v1/namespaces/${NS}/jobs`, job);
    await api(apiserver, 'POST', `/apis/batch/v1/namespaces/${NS}/cronjobs`, cronJob);
    await api(apiserver, 'POST', `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`, hpa);
    const row = (key: string) => page.locator(`tr[data-workload="${key}"]`);
    const cells = (key: string) => row(key).locator('td').allTextContents();

    // Ready of desired as the controllers bring them up: 2 db pods, an agent on each of 3 nodes.
    await page.locator(`tr[data-workload="StatefulSet/${NS}/db"]:not(.short)`).waitFor({ timeout: 60_000 });
    expect(await cells(`StatefulSet/${NS}/db`)).toEqual([
      'StatefulSet',
      NS,
      'db',
      '2/2',
      'redis:7.2',
      expect.stringMatching(AGE),
    ]);
    await page.locator(`tr[data-workload="DaemonSet/${NS}/agent"]:not(.short)`).waitFor({ timeout: 60_000 });
    expect(await cells(`DaemonSet/${NS}/agent`)).toEqual([
      'DaemonSet',
      NS,
      'agent',
      '3/3',
      'registry.k8s.io/pause:3.9',
      expect.stringMatching(AGE),
    ]);
    // The Job's completions once its one pod has succeeded.
    await eventually(
      async () => (await cells(`Job/${NS}/migrate`))[3] === '1/1',
      60_000,
      'the Job shown 1/1 complete',
    );
    expect(await cells(`Job/${NS}/migrate`)).toEqual([
      'Job',
      NS,
      'migrate',
      '1/1',
      'orchestra/batch',
      expect.stringMatching(AGE),
    ]);
    expect(await row(`Job/${NS}/migrate`).locator('td').nth(3).getAttribute('title')).toBe('Complete');
    expect(await cells(`CronJob/${NS}/nightly`)).toEqual([
      'CronJob',
      NS,
      'nightly',
      '0 active',
      '0 3 * * *',
      expect.stringMatching(AGE),
    ]);
    // The table's order: by kind, Deployments first, then by namespace and name.
    const kinds = await page
      .locator('#workload-list tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-workload')!.split('/')[0]));
    expect([...new Set(kinds)]).toEqual(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

    // The HPA: reference, min/max, replicas, and its CPU target with what the controller measured.
    const hpaRow = page.locator(`tr[data-hpa="${NS}/db"]`);
    await hpaRow.waitFor({ timeout: 10_000 });
    let measured = '';
    await eventually(
      async () => {
        const status = (
          await api(apiserver, 'GET', `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/db`)
        ).status;
        const utilization = status?.currentMetrics?.[0]?.resource?.current?.averageUtilization;
        if (utilization === undefined || status.currentReplicas !== 2) return false;
        measured = `cpu: ${utilization}%/50%`;
        return (await hpaRow.locator('td').nth(3).textContent()) === measured;
      },
      60_000,
      'the HPA row with the CPU utilization the API has',
    );
    expect(await hpaRow.locator('td').allTextContents()).toEqual([
      NS,
      'db',
      'StatefulSet/db',
      expect.stringMatching(/^cpu: \d+%\/50%$/),
      '2/2',
      '2',
      expect.stringMatching(AGE),
    ]);
    expect(await page.locator('#workloads-forbidden').isHidden()).toBe(true);
    expect(await page.locator('#autoscalers-forbidden').isHidden()).toBe(true);
    await page.locator('#workloads').screenshot({ path: join(screenshotDir, 'workloads.png') });

    // Plain lists, asked again and again; never a watch (the page's 5 watches are all it may hold).
    page.off('request', onRequest);
    expect(requested.filter((url) => url.includes('watch'))).toEqual([]);
    expect(requested.filter((url) => url === '/apis/apps/v1/statefulsets').length).toBeGreaterThan(1);
    expect(
      requested.filter((url) => url === '/apis/autoscaling/v2/horizontalpodautoscalers').length,
    ).toBeGreaterThan(1);
    console.log(`Workloads: shown with ${measured}; ${requested.length} list requests meanwhile`);

    // A hidden tab stops polling with its watches (after 10 s), and starts again when shown.
    const setHidden = (hidden: boolean) =>
      page.evaluate(
        `${hidden ? "Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })" : 'delete document.hidden'};` +
          "document.dispatchEvent(new Event('visibilitychange'))",
      );
    await setHidden(true);
    await page.waitForTimeout(10_500);
    requested.length = 0;
    page.on('request', onRequest);
    await page.waitForTimeout(4000);
    expect(requested).toEqual([]);
    await setHidden(false);
    await eventually(
      () => requested.includes('/apis/apps/v1/statefulsets'),
      2000,
      'a StatefulSets list once the tab is shown again',
    );
    page.off('request', onRequest);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 5000 });
  }, 180_000);

  it('kill pod: the pod goes, its replacement appears, the experiment ends Recovered with its verdict', async () => {
    const before = await webChips(page);
    const victim = Object.keys(before).sort()[0];
    const clickedAt = Date.now();
    await page.getByRole('button', { name: `kill pod ${victim}`, exact: true }).click();

    const run = page.locator('#chaos-runs tbody tr[data-experiment]').first();
    await run.waitFor({ timeout: 5000 });
    expect(await run.locator('.target').textContent()).toBe(`pod demo/${victim}`);

    // The replacement, as the API sees it: then the page must show it within a second.
    const replacement = await eventually(
      async () => {
        // Only the web Deployment's pods: another pod of demo is no replacement.
        const items = (await api(apiserver, 'GET', '/api/v1/namespaces/demo/pods?labelSelector=app%3Dweb'))
          .items;
        if (items.some((p: any) => p.metadata.name === victim)) return undefined;
        return items.find((p: any) => !(p.metadata.name in before) && isReady(p))?.metadata.name as string;
      },
      60_000,
      'a Ready replacement pod in the API',
    );
    const seenInApi = Date.now();
    await page
      .locator(`[data-pod="demo/${replacement}"][data-state="ready"]`)
      .waitFor({ timeout: WATCH_LATENCY_MS });
    const shownAfterMs = Date.now() - seenInApi;
    expect(await page.locator(`[data-pod="demo/${victim}"]`).count()).toBe(0);
    expect(Object.values(await webChips(page)).filter((s) => s === 'ready')).toHaveLength(REPLICAS);

    await run.locator('.verdict[data-verdict="Passed"]').waitFor({ timeout: 60_000 });
    expect(await run.locator('.phase').textContent()).toBe('Recovered');
    const recovery = (await run.locator('.recovery').textContent()) ?? '';
    expect(recovery).toMatch(/^\d+(\.\d+)? s$/);
    const link = await run.locator('a').getAttribute('href');
    expect(link).toMatch(/^http:\/\/localhost:3000\/d\/orchestra-self-healing\?from=\d+&to=\d+$/);
    console.log(
      `kill pod ${victim}: replacement ${replacement} on the page ${shownAfterMs} ms after the API had it; ` +
        `verdict Passed, time to recover ${recovery}, ${Date.now() - clickedAt} ms after the click`,
    );

    mkdirSync(screenshotDir, { recursive: true });
    await page.locator('#cluster').screenshot({ path: join(screenshotDir, 'cluster-map.png') });
    await page.screenshot({ path: join(screenshotDir, 'dashboard.png') });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('take node down: the request names the node and 30 s; an API error is shown as its Status message', async () => {
    // Answered by the page's network layer, so the cluster is not disturbed for the tests after.
    const requests: string[] = [];
    await page.route('**/chaos/v1/node-down?*', (route) => {
      requests.push(route.request().method() + ' ' + new URL(route.request().url()).search);
      return route.fulfill({
        status: 403,
        contentType: 'application/json',
        body: JSON.stringify({ kind: 'Status', status: 'Failure', code: 403, message: 'chaos is disabled' }),
      });
    });
    await page.getByRole('button', { name: 'take node node-2 down', exact: true }).click();
    await page.locator('#chaos-error:not([hidden])').waitFor({ timeout: 5000 });
    expect(await page.locator('#chaos-error').textContent()).toBe(
      'node-down on node node-2 failed: chaos is disabled',
    );
    expect(requests).toEqual(['POST ?namespace=default&nodes=node-2&duration=30s']);
    await page.unroute('**/chaos/v1/node-down?*');
  }, 30_000);

  it('kill component: the scheduler is killed, restarted, and the run shows its outcome', async () => {
    await page.locator('#component-kill select[name=component]').selectOption('scheduler');
    expect(await page.locator('#component-kill select[name=node]').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'kill component' }).click();
    const run = page.locator('#chaos-runs tbody tr[data-experiment^="default/component-kill-"]').first();
    await run.waitFor({ timeout: 5000 });
    expect(await run.locator('.target').textContent()).toBe('scheduler');
    await page.locator('#chaos-error[hidden]').waitFor({ state: 'attached', timeout: 1000 });
    await run
      .locator('.phase[data-phase="Recovered"], .phase[data-phase="Failed"]')
      .waitFor({ timeout: 60_000 });
    const outcome = await run.locator('td').allTextContents();
    console.log(`kill component scheduler: ${outcome.join(' | ')}`);
    expect(await run.locator('.verdict').textContent()).toBe('Passed');
  }, 90_000);

  it('relists after 410 Gone, watches again when a stream ends, and keeps following changes', async () => {
    // Reloaded with its first pods watch answered 410 Gone and its first nodes watch ended at
    // once (as an apiserver restart or a server-side timeout ends it).
    const requests: string[] = [];
    const onRequest = (r: { url(): string }) => {
      const url = new URL(r.url());
      if (['/api/v1/pods', '/api/v1/nodes'].includes(url.pathname))
        requests.push(`${url.pathname} ${url.searchParams.has('watch') ? 'watch' : 'list'}`);
    };
    const count = (what: string) => requests.filter((r) => r === what).length;
    let podsGone = false;
    let nodesEnded = false;
    const podsWatch = (url: URL) => url.pathname === '/api/v1/pods' && url.searchParams.has('watch');
    const nodesWatch = (url: URL) => url.pathname === '/api/v1/nodes' && url.searchParams.has('watch');
    await page.route(podsWatch, (route) =>
      podsGone
        ? route.continue()
        : ((podsGone = true),
          route.fulfill({
            status: 410,
            contentType: 'application/json',
            body: JSON.stringify({
              kind: 'Status',
              code: 410,
              reason: 'Expired',
              message: 'too old resource version',
            }),
          })),
    );
    await page.route(nodesWatch, (route) =>
      nodesEnded ? route.continue() : ((nodesEnded = true), route.fulfill({ status: 200, body: '' })),
    );
    page.on('request', onRequest);
    await page.reload();
    await eventually(
      () =>
        count('/api/v1/pods list') === 2 &&
        count('/api/v1/pods watch') === 2 &&
        count('/api/v1/nodes list') === 1 &&
        count('/api/v1/nodes watch') === 2,
      10_000,
      `a pods relist after 410 and a nodes re-watch without relist (${requests.join(', ')})`,
    );
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 5000 });
    expect(await page.locator('#nodes .node').count()).toBe(3);

    // The resumed watches still deliver: scale the Deployment up, the new pod shows up.
    const started = Date.now();
    const scaled = await apiFetch(`${apiserver}/apis/apps/v1/namespaces/demo/deployments/web/scale`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { replicas: REPLICAS + 1 } }),
    });
    expect(scaled.status).toBe(200);
    await eventually(
      async () => Object.values(await webChips(page)).filter((s) => s === 'ready').length === REPLICAS + 1,
      30_000,
      `${REPLICAS + 1} Ready web chips after scaling up`,
    );
    console.log(`after 410 and a re-watch: scale-up shown Ready ${Date.now() - started} ms after the PATCH`);
    page.off('request', onRequest);
    await page.unrouteAll();
  }, 60_000);

  it('Sign out forgets the token and shows the sign-in view, also after a reload', async () => {
    const errorsBefore = pageErrors.length;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#sign-in:not([hidden])').waitFor({ timeout: 5000 });
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
    expect(await page.locator('#sign-in-error').isHidden()).toBe(true);
    expect(await storedToken(page)).toEqual({ session: [], local: [] });
    // What the admin saw is gone from the page, not only hidden.
    expect(await page.locator('#nodes .node').count()).toBe(0);
    expect(await page.locator('[data-pod]').count()).toBe(0);
    await page.reload();
    await page.locator('#sign-in:not([hidden])').waitFor({ timeout: 5000 });
    expect(pageErrors.slice(errorsBefore)).toEqual([]);
  }, 30_000);

  it('a #token= link signs in, and the token leaves the address bar and the history', async () => {
    // In a tab of its own (its own sessionStorage). The first tab is signed out by now: two
    // signed-in tabs would want 10 of the browser's 6 connections to this server.
    const tab = await browser.newPage();
    try {
      const sent: string[] = [];
      tab.on('request', (r) => sent.push(r.url()));
      await tab.goto(`${apiserver}/ui/#token=${encodeURIComponent(launcher.adminToken)}`);
      await tab.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
      expect(await tab.locator('#sign-in').isHidden()).toBe(true);
      expect(await tab.evaluate('location.href')).toBe(`${apiserver}/ui/`);
      expect(tab.url()).toBe(`${apiserver}/ui/`);
      await eventually(
        async () => (await tab.locator('#nodes .node').count()) === 3,
        10_000,
        '3 node cards after a #token= link',
      );
      // Kept as if typed, in this tab only; never in a URL the browser asked for.
      expect(await storedToken(tab)).toEqual({ session: [launcher.adminToken], local: [] });
      expect(sent.filter((url) => url.includes(launcher.adminToken))).toEqual([]);
      // Back does not bring the token back: its history entry was replaced, not followed by another.
      await tab.goBack();
      expect(tab.url()).not.toContain('token');

      // A link with a token the apiserver refuses, opened in the same tab (only the fragment
      // changes: no page load): the sign-in view with its 401, and that token gone too.
      await tab.goForward();
      await tab.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
      await tab.goto(`${apiserver}/ui/#token=expired-or-wrong`);
      await tab.locator('#sign-in-error:not([hidden])').waitFor({ timeout: 5000 });
      expect(await tab.locator('#sign-in-error').textContent()).toBe(
        'Unauthorized: the API server does not accept this token (401).',
      );
      expect(tab.url()).toBe(`${apiserver}/ui/`);
      expect(await storedToken(tab)).toEqual({ session: [], local: [] });
    } finally {
      await tab.close();
    }
  }, 30_000);

  it('a ServiceAccount with view in one namespace: its objects, the 403 messages, no chaos; sign-in again when its token stops working', async () => {
    // As `kubectl create serviceaccount viewer -n demo`, `kubectl create rolebinding viewer-view
    // --clusterrole=view --serviceaccount=demo:viewer -n demo` and `kubectl create token viewer -n demo`.
    await api(apiserver, 'POST', '/api/v1/namespaces/demo/serviceaccounts', { metadata: { name: 'viewer' } });
    await api(apiserver, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings', {
      metadata: { name: 'viewer-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: 'demo' }],
    });
    const tokenRequest = await api(
      apiserver,
      'POST',
      '/api/v1/namespaces/demo/serviceaccounts/viewer/token',
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      },
    );
    const token: string = tokenRequest.status.token;
    const user = 'system:serviceaccount:demo:viewer';
    const demoPods: string[] = (await api(apiserver, 'GET', '/api/v1/namespaces/demo/pods')).items.map(
      (p: any) => p.metadata.name,
    );
    const runsBefore = (await api(apiserver, 'GET', '/apis/chaos.orchestra.dev/v1alpha1/chaosexperiments'))
      .items.length;

    const tab = await browser.newPage();
    try {
      await tab.goto(`${apiserver}/ui/#token=${token}`);
      await tab.locator('#dashboard:not([hidden])').waitFor({ timeout: 10_000 });
      expect(await tab.locator('#user-name').textContent()).toBe(
        await shownUser(apiserver, { authorization: `Bearer ${token}` }),
      );
      // Nodes are not the viewer's to list: Kubernetes' message where the map is, and the pods
      // on cards that say so, not as nodes gone missing.
      const nodesForbidden = `nodes is forbidden: User "${user}" cannot list resource "nodes" in API group "" at the cluster scope`;
      await tab.locator('#cluster-forbidden:not([hidden])').waitFor({ timeout: 10_000 });
      expect(await tab.locator('#cluster-forbidden').textContent()).toContain(nodesForbidden);
      // Everything else it may list (in demo only): the page is live.
      await tab.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
      await eventually(
        async () => (await tab.locator('[data-pod]').count()) === demoPods.length,
        10_000,
        `the ${demoPods.length} pods of demo`,
      );
      const shownPods = await tab
        .locator('[data-pod]')
        .evaluateAll((chips) => chips.map((c) => c.getAttribute('data-pod')));
      expect(shownPods.sort()).toEqual(demoPods.map((name) => `demo/${name}`).sort());
      expect(await tab.locator('.node[data-ready="Hidden"]').count()).toBeGreaterThan(0);
      expect(await tab.locator('.node .badge').first().textContent()).toBe('not readable');
      await tab.locator('tr[data-workload="Deployment/demo/web"]').waitFor({ timeout: 5000 });
      expect(await tab.locator('tr[data-workload^="Deployment/"]').count()).toBe(1);
      // The chaos runs of demo (the admin's pod-kill), not default's (the component kill).
      await tab
        .locator('#chaos-runs tr[data-experiment^="demo/pod-kill-"]')
        .first()
        .waitFor({ timeout: 5000 });
      expect(await tab.locator('#chaos-runs tr[data-experiment^="default/"]').count()).toBe(0);
      for (const box of [
        '#chaos-forbidden',
        '#workloads-forbidden',
        '#autoscalers-forbidden',
        '#events-forbidden',
      ])
        expect(await tab.locator(box).isHidden()).toBe(true);
      await tab.screenshot({ path: join(screenshotDir, 'viewer.png') });

      // view may read, not inject chaos: the chaos panel says so in Kubernetes' words.
      const victim = demoPods.sort()[0];
      await tab.getByRole('button', { name: `kill pod ${victim}`, exact: true }).click();
      await tab.locator('#chaos-error:not([hidden])').waitFor({ timeout: 5000 });
      expect(await tab.locator('#chaos-error').textContent()).toContain(
        `pod-kill on pod demo/${victim} failed: chaosexperiments.chaos.orchestra.dev is forbidden: ` +
          `User "${user}" cannot create resource "chaosexperiments" in API group "chaos.orchestra.dev" in the namespace "demo"`,
      );
      expect(await tab.locator('#dashboard').isVisible()).toBe(true);
      expect(
        (await api(apiserver, 'GET', '/apis/chaos.orchestra.dev/v1alpha1/chaosexperiments')).items,
      ).toHaveLength(runsBefore);

      // The ServiceAccount deleted, its token is no good: the next call is a 401, and the page
      // asks for a token again with the apiserver's message, forgetting what it showed.
      await api(apiserver, 'DELETE', '/api/v1/namespaces/demo/serviceaccounts/viewer');
      await tab.getByRole('button', { name: 'take node node-1 down', exact: true }).click();
      await tab.locator('#sign-in:not([hidden])').waitFor({ timeout: 5000 });
      expect(await tab.locator('#sign-in-error').textContent()).toBe(
        'Unauthorized: the API server does not accept this token (401). Sign in again.',
      );
      expect(await tab.locator('[data-pod]').count()).toBe(0);
      expect(await storedToken(tab)).toEqual({ session: [], local: [] });
    } finally {
      await tab.close();
    }
  }, 60_000);

  it('a user who may list Deployments but not Jobs: the Jobs 403 in the Workloads section, the other kinds shown', async () => {
    // A ClusterRole for the workload kinds but Jobs, bound to a ServiceAccount of its own.
    await api(apiserver, 'POST', '/api/v1/namespaces/demo/serviceaccounts', {
      metadata: { name: 'no-jobs' },
    });
    await api(apiserver, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      metadata: { name: 'workloads-but-jobs' },
      rules: [
        {
          apiGroups: ['apps'],
          resources: ['deployments', 'statefulsets', 'daemonsets'],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: ['autoscaling'],
          resources: ['horizontalpodautoscalers'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    });
    await api(apiserver, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: { name: 'no-jobs' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'workloads-but-jobs' },
      subjects: [{ kind: 'ServiceAccount', name: 'no-jobs', namespace: 'demo' }],
    });
    const token: string = (
      await api(apiserver, 'POST', '/api/v1/namespaces/demo/serviceaccounts/no-jobs/token', {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      })
    ).status.token;
    const user = 'system:serviceaccount:demo:no-jobs';

    const tab = await browser.newPage();
    try {
      await tab.goto(`${apiserver}/ui/#token=${token}`);
      await tab.locator('#dashboard:not([hidden])').waitFor({ timeout: 10_000 });
      await tab.locator('#workloads-forbidden:not([hidden])').waitFor({ timeout: 10_000 });
      // Jobs only, in Kubernetes' words; the rest of the section as the admin sees it.
      expect(await tab.locator('#workloads-forbidden').textContent()).toBe(
        `jobs.batch is forbidden: User "${user}" cannot list resource "jobs" in API group "batch" at the cluster scope`,
      );
      for (const key of [
        'Deployment/demo/web',
        `StatefulSet/${NS}/db`,
        `DaemonSet/${NS}/agent`,
        `CronJob/${NS}/nightly`,
      ])
        await tab.locator(`tr[data-workload="${key}"]`).waitFor({ timeout: 10_000 });
      expect(await tab.locator('tr[data-workload^="Job/"]').count()).toBe(0);
      await tab.locator(`tr[data-hpa="${NS}/db"]`).waitFor({ timeout: 10_000 });
      expect(await tab.locator('#autoscalers-forbidden').isHidden()).toBe(true);
      // Its other sections say what it may not list; the page stays up.
      await tab.locator('#events-forbidden:not([hidden])').waitFor({ timeout: 5000 });
      expect(await tab.locator('#events-forbidden').textContent()).toContain('cannot list resource "events"');
      expect(await tab.locator('#dashboard').isVisible()).toBe(true);
      await tab.locator('#workloads').screenshot({ path: join(screenshotDir, 'workloads-no-jobs.png') });
    } finally {
      await tab.close();
    }
  }, 60_000);
});
