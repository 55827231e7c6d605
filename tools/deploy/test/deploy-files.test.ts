/**
 * The deployment files are only data, so this checks what would otherwise break silently at
 * `docker compose up`: every file parses, and the names, ports and uids they share agree.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readControllerManagerConfig } from '../../../apps/controller-manager/src/controller-manager.config';
import { readKubeletConfig } from '../../../apps/kubelet/src/kubelet.config';
import { readProxyConfig } from '../../../apps/proxy/src/proxy.config';
import { readSchedulerConfig } from '../../../apps/scheduler/src/scheduler.config';

const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
// Compose files use YAML merge keys (`<<: *component`).
const readYaml = (path: string) => parse(read(path), { merge: true, prettyErrors: true });

interface Service {
  image?: string;
  build?: string;
  restart?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
}

const compose = readYaml('docker-compose.yml') as { services: Record<string, Service> };
const services = compose.services;
const prometheus = readYaml('prometheus/prometheus.yml');
const scrapeJobs = prometheus.scrape_configs as {
  job_name: string;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
}[];
const rules = readYaml('prometheus/rules/orchestra.rules.yml') as {
  groups: {
    rules: { alert?: string; expr: string; for?: string; labels?: object; annotations?: object }[];
  }[];
};
const ruleTests = readYaml('prometheus/tests/orchestra.rules.test.yml');
const datasources = readYaml('grafana/provisioning/datasources/prometheus.yml');
const dashboardProviders = readYaml('grafana/provisioning/dashboards/dashboards.yml');

/** The port each Orchestra service listens on, from the environment compose gives it. */
function componentPort(service: Service): number {
  const env = service.environment ?? {};
  const name = Object.keys(env).find((key) => key.endsWith('_PORT'));
  return Number(name && env[name]);
}

const components = Object.entries(services).filter(([, service]) => service.environment?.ORCHESTRA_APP);

describe('docker-compose.yml', () => {
  it('runs every component, two kubelets, Redis, Prometheus and Grafana, restarting them', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'apiserver',
        'controller-manager',
        'grafana',
        'kubelet-1',
        'kubelet-2',
        'prometheus',
        'proxy',
        'redis',
        'scheduler',
      ].sort(),
    );
    for (const [name, service] of Object.entries(services))
      expect([name, service.restart]).toEqual([name, 'unless-stopped']);
  });

  it('starts each component from an app that exists, checking /healthz on the port it listens on', () => {
    expect(components).toHaveLength(6);
    for (const [name, service] of components) {
      const app = String(service.environment?.ORCHESTRA_APP);
      expect([name, existsSync(join(root, 'apps', app, 'src/main.ts'))]).toEqual([name, true]);
      expect(service.environment).toMatchObject({ BIND_ADDRESS: '0.0.0.0', REDIS_URL: 'redis://redis:6379' });
      expect(service.healthcheck?.test).toEqual([
        'CMD',
        'node',
        'tools/deploy/healthcheck.js',
        `http://127.0.0.1:${componentPort(service)}/healthz`,
      ]);
    }
    expect(existsSync(join(root, 'tools/deploy/healthcheck.js'))).toBe(true);
  });

  it("keeps Kubernetes' own ports, which are also the apps' defaults", () => {
    const ports = Object.fromEntries(components.map(([name, service]) => [name, componentPort(service)]));
    expect(ports).toEqual({
      apiserver: 8080,
      scheduler: readSchedulerConfig({}).SCHEDULER_PORT,
      'controller-manager': readControllerManagerConfig({}).CONTROLLER_MANAGER_PORT,
      'kubelet-1': readKubeletConfig({}).KUBELET_PORT,
      'kubelet-2': readKubeletConfig({}).KUBELET_PORT,
      proxy: readProxyConfig({}).PROXY_PORT,
    });
    expect(ports).toMatchObject({
      scheduler: 10259,
      'controller-manager': 10257,
      'kubelet-1': 10250,
      proxy: 10256,
    });
  });

  it('gives Redis no eviction and an append-only file, and Grafana no committed password', () => {
    expect(services.redis.command).toEqual([
      'redis-server',
      '--maxmemory-policy',
      'noeviction',
      '--appendonly',
      'yes',
    ]);
    expect(services.grafana.environment).toMatchObject({
      GF_SECURITY_ADMIN_PASSWORD: '${GRAFANA_ADMIN_PASSWORD:-admin}',
      GF_AUTH_ANONYMOUS_ENABLED: 'false',
    });
  });
});

describe('prometheus/', () => {
  const targets = scrapeJobs.flatMap((job) =>
    job.static_configs.flatMap((config) =>
      config.targets.map((target) => ({ job: job.job_name, target, config })),
    ),
  );

  it('scrapes under the job names kubernetes-mixin expects, each target labelled with its cluster', () => {
    expect(scrapeJobs.map((job) => job.job_name)).toEqual([
      'apiserver',
      'kube-scheduler',
      'kube-controller-manager',
      'kubelet',
      'kube-proxy',
      'prometheus',
    ]);
    for (const { target, config } of targets)
      expect([target, config.labels?.cluster]).toEqual([target, 'orchestra']);
  });

  it("targets compose services running each job's app, on the ports they listen on", () => {
    const appOfJob: Record<string, string> = {
      apiserver: 'apiserver',
      'kube-scheduler': 'scheduler',
      'kube-controller-manager': 'controller-manager',
      kubelet: 'kubelet',
      'kube-proxy': 'proxy',
    };
    const scraped = targets.filter((t) => t.job !== 'prometheus');
    for (const { job, target } of scraped) {
      const [host, port] = target.split(':');
      expect([target, services[host]?.environment?.ORCHESTRA_APP]).toEqual([target, appOfJob[job]]);
      expect([target, Number(port)]).toEqual([target, componentPort(services[host])]);
    }
    // …and every component is scraped.
    expect(scraped.map((t) => t.target.split(':')[0]).sort()).toEqual(
      components.map(([name]) => name).sort(),
    );
  });

  it('loads the rules file, whose alerts all have a duration, severity and summary', () => {
    expect(prometheus.rule_files).toEqual(['rules/*.yml']);
    expect(readdirSync(join(root, 'prometheus/rules'))).toContain('orchestra.rules.yml');
    const alerts = rules.groups.flatMap((group) => group.rules);
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    for (const alert of alerts) {
      expect(alert).toMatchObject({
        alert: expect.any(String),
        for: expect.any(String),
        labels: { severity: expect.stringMatching(/^(critical|warning|info)$/) },
        annotations: { summary: expect.any(String) },
      });
    }
  });

  it('unit-tests every alert with promtool', () => {
    expect(ruleTests.rule_files).toEqual(['../rules/orchestra.rules.yml']);
    const tested = new Set(
      ruleTests.tests.flatMap((test: { alert_rule_test: { alertname: string }[] }) =>
        test.alert_rule_test.map((t) => t.alertname),
      ),
    );
    const alerts = rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert));
    expect([...tested].sort()).toEqual(alerts.sort());
  });

  const promtool = hasPromtool();
  (promtool ? it : it.skip)('passes promtool check config and promtool test rules (when installed)', () => {
    execFileSync('promtool', ['check', 'config', 'prometheus/prometheus.yml'], { cwd: root, stdio: 'pipe' });
    execFileSync('promtool', ['test', 'rules', 'prometheus/tests/orchestra.rules.test.yml'], {
      cwd: root,
      stdio: 'pipe',
    });
  });
});

describe('grafana/', () => {
  const datasource = datasources.datasources[0];
  const dashboard = JSON.parse(read('grafana/dashboards/control-plane.json'));

  it('provisions Prometheus at the compose service and port', () => {
    expect(datasource).toMatchObject({
      uid: 'prometheus',
      type: 'prometheus',
      url: 'http://prometheus:9090',
    });
    expect(services.prometheus.ports).toContain('9090:9090');
  });

  it('loads dashboards from where compose mounts grafana/dashboards', () => {
    const path = dashboardProviders.providers[0].options.path;
    expect(services.grafana.volumes).toContain(`./grafana/dashboards:${path}:ro`);
    expect(services.grafana.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
  });

  it('has a control-plane dashboard whose every query uses the provisioned data source', () => {
    expect(dashboard).toMatchObject({ uid: 'orchestra-control-plane', title: expect.any(String) });
    const queries = dashboard.panels.flatMap((panel: { datasource: object; targets: object[] }) => [
      panel.datasource,
      ...panel.targets.map((target: { datasource?: object }) => target.datasource),
    ]);
    for (const ref of [
      ...queries,
      ...dashboard.templating.list.map((v: { datasource: object }) => v.datasource),
    ]) {
      expect(ref).toEqual({ type: 'prometheus', uid: datasource.uid });
    }
    const exprs = dashboard.panels.flatMap((panel: { targets: { expr: string }[] }) =>
      panel.targets.map((t) => t.expr),
    );
    for (const metric of ['apiserver_request_total', 'apiserver_request_duration_seconds_bucket', 'up{']) {
      expect([metric, exprs.some((expr: string) => expr.includes(metric))]).toEqual([metric, true]);
    }
  });
});

function hasPromtool(): boolean {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
