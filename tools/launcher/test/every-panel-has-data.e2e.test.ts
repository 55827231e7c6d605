/**
 * "A panel that shows No data in a running playground is a bug": `npm start` with the machine's
 * Prometheus (scraping every 2 s, the repository's rules loaded), sample workloads applied with
 * the real kubectl and Service traffic from the load generator; then every expression of every
 * dashboard panel and every recording rule must return series, every rule must evaluate without
 * an error, and every metric a panel or rule reads must exist (with its `job`): a fallback such
 * as `or vector(0)` must not hide a misspelt metric, and an alert whose inputs are missing could
 * never fire.
 */
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { buildDist } from '../../testing/component-process';
import { eventually } from '../../testing/eventually';
import { LauncherProcess, startLauncher } from '../../testing/launcher-process';
import { dashboardQueries } from '../../testing/prometheus/dashboard-queries';
import { PrometheusApi } from '../../testing/prometheus/prometheus-api';
import { selectorsOf } from '../../testing/prometheus/promql-selectors';
import { ruleQueries } from '../../testing/prometheus/rule-queries';

const repoRoot = join(__dirname, '..', '..', '..');
const scrapeInterval = '2s';
/** Grafana's $__rate_interval is at least four scrapes; a generous window keeps rates non-empty. */
const intervals = { rateInterval: '30s', interval: scrapeInterval, range: '5m' };
const settleTimeoutMs = 150_000;

describe('every dashboard panel and every rule has data in a running playground', () => {
  let launcher: LauncherProcess;
  let prometheus: PrometheusApi;

  beforeAll(async () => {
    await buildDist();
    launcher = await startLauncher({
      ORCHESTRA_NODES: '3',
      ORCHESTRA_PROMETHEUS_SCRAPE_INTERVAL: scrapeInterval,
      // The frontend's calls to web go through the cluster DNS (its panels).
      LOAD_TARGETS: 'demo/web=10,demo/frontend=2',
    });
    const endpoints = launcher.endpoints();
    expect(endpoints.prometheus).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    prometheus = new PrometheusApi(endpoints.prometheus);
    await eventually(
      () => launcher.kubectl('get', 'nodes').then((out) => out.includes('Ready')),
      30_000,
      'nodes',
    );
    await launcher.kubectl(
      'apply',
      '-f',
      join(repoRoot, 'tools', 'testing', 'fixtures', 'sample-workloads.yaml'),
    );
    await launcher.kubectl(
      'apply',
      '-f',
      join(repoRoot, 'tools', 'testing', 'fixtures', 'sample-statefulset-hpa.yaml'),
    );
  }, 180_000);

  afterAll(async () => {
    await launcher?.dispose();
  });

  it('scrapes every job of the local config, every target up', async () => {
    const targets = await eventually(
      async () => {
        const all = await prometheus.targets();
        return all.length > 0 && all.every((t) => t.health === 'up') && all;
      },
      60_000,
      'every target up',
    );
    expect(targets.map((t) => t.labels.job).sort()).toEqual(
      expect.arrayContaining([
        'kube-controller-manager',
        'kube-proxy',
        'kube-scheduler',
        'kubelet',
        'prometheus',
      ]),
    );
    for (const target of targets) expect(target.labels.cluster).toBe('orchestra');
  }, 90_000);

  it("writes every component's log lines as JSON with time, level, component and message", () => {
    // The launcher prefixes each child's lines with `[name] ` (coloured), its own with [orchestra];
    // Prometheus logs logfmt.
    const lines = launcher
      .output()
      .split('\n')
      .map((line) => /^\[([\w-]+)\] (.*)$/.exec(stripVTControlCharacters(line)))
      .filter(
        (match): match is RegExpExecArray =>
          match !== null && !['prometheus', 'orchestra'].includes(match[1]),
      );
    const components = new Set(lines.map(([, name]) => name));
    expect([...components].sort()).toEqual(expect.arrayContaining(['apiserver', 'kubelet', 'scheduler']));
    const notJson = lines.filter(([, , text]) => {
      try {
        const fields = JSON.parse(text) as Record<string, unknown>;
        return !['time', 'level', 'component', 'message'].every((key) => typeof fields[key] === 'string');
      } catch {
        return true;
      }
    });
    expect(notJson.map(([line]) => line)).toEqual([]);
  });

  it(
    'runs every panel expression of every dashboard with series in the answer',
    async () => {
      const queries = dashboardQueries(join(repoRoot, 'grafana', 'dashboards'), intervals);
      expect(queries.length).toBeGreaterThan(20);
      const failures = await untilNoFailures(async () => {
        const failed: string[] = [];
        for (const q of queries) {
          const { error, series } = await prometheus.query(q.expr);
          const where = `${q.dashboard} › ${q.panel} (${q.refId})`;
          if (error || series.length === 0) failed.push(`${where}: ${error ?? 'no series'}\n    ${q.expr}`);
          // `… or vector(0)` keeps a panel from going blank, and would also hide a misspelt metric.
          else
            failed.push(
              ...(await missingInputs(prometheus, q.expr)).map((input) => `${where} reads ${input}`),
            );
        }
        return failed;
      });
      expect(failures).toEqual([]);
    },
    settleTimeoutMs + 60_000,
  );

  it(
    'evaluates every rule without an error, and every recording rule has series',
    async () => {
      const rules = ruleQueries(join(repoRoot, 'prometheus', 'rules'));
      expect(rules.filter((r) => r.kind === 'record').length).toBeGreaterThan(0);
      const failures = await untilNoFailures(async () => {
        const loaded = await prometheus.rules();
        const failed = loaded
          .filter((rule) => rule.health !== 'ok')
          .map((rule) => `${rule.name}: health ${rule.health} ${rule.lastError ?? ''}`);
        if (loaded.length !== rules.length)
          failed.push(`Prometheus loaded ${loaded.length} rules of ${rules.length}`);
        for (const rule of rules.filter((r) => r.kind === 'record')) {
          const { error, series } = await prometheus.query(rule.name);
          if (error || series.length === 0) failed.push(`record ${rule.name}: ${error ?? 'no series'}`);
          failed.push(
            ...(await missingInputs(prometheus, rule.expr)).map(
              (input) => `record ${rule.name} reads ${input}`,
            ),
          );
        }
        return failed;
      });
      expect(failures).toEqual([]);
    },
    settleTimeoutMs + 60_000,
  );

  it(
    'has every alert read only series that exist, so that it can fire',
    async () => {
      const alerts = ruleQueries(join(repoRoot, 'prometheus', 'rules')).filter((r) => r.kind === 'alert');
      expect(alerts.length).toBeGreaterThan(5);
      const failures = await untilNoFailures(async () => {
        const failed: string[] = [];
        for (const alert of alerts) {
          const { error } = await prometheus.query(alert.expr);
          if (error) failed.push(`alert ${alert.name}: ${error}`);
          else
            failed.push(
              ...(await missingInputs(prometheus, alert.expr)).map(
                (input) => `alert ${alert.name} reads ${input}`,
              ),
            );
        }
        return failed;
      });
      expect(failures).toEqual([]);
    },
    settleTimeoutMs + 60_000,
  );
});

/** The selectors of `expr` (metric name and job) that match no series: missing, or misspelt. */
async function missingInputs(prometheus: PrometheusApi, expr: string): Promise<string[]> {
  const missing: string[] = [];
  for (const input of selectorsOf(expr)) {
    const { error, series } = await prometheus.query(`count(${input.selector})`);
    if (error || series.length === 0) missing.push(`${input.selector}: ${error ?? 'no such series'}`);
  }
  return missing;
}

/**
 * Reruns `check` until it finds nothing wrong or the cluster has had time to settle (pods
 * started, crashes restarted, rates over a full window); answers what was wrong last.
 */
async function untilNoFailures(check: () => Promise<string[]>): Promise<string[]> {
  const deadline = Date.now() + settleTimeoutMs;
  for (;;) {
    const failures = await check();
    if (failures.length === 0 || Date.now() > deadline) return failures;
    await new Promise((r) => setTimeout(r, 5_000));
  }
}
