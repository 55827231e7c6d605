/**
 * The deployment files are only data, so this checks what would otherwise break silently at
 * `docker compose up`: every file parses, and the names, ports and uids they share agree
 * (compose services, scrape targets, Grafana data sources and dashboards, Fluentd, Tempo, Loki).
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { parse } from 'yaml';
import { ApiserverConfig } from '../../../apps/apiserver/src/apiserver.config';
import { DispatcherMetrics } from '../../../apps/apiserver/src/dispatch/dispatcher.metrics';
import { StoreMetrics } from '../../../apps/apiserver/src/metrics/store.metrics';
import { readClusterDnsConfig } from '../../../apps/cluster-dns/src/cluster-dns.config';
import { readControllerManagerConfig } from '../../../apps/controller-manager/src/controller-manager.config';
import { readKubeStateMetricsConfig } from '../../../apps/kube-state-metrics/src/kube-state-metrics.config';
import { nodeIdentities, poolNodeNames, readKubeletConfig } from '../../../apps/kubelet/src/kubelet.config';
import { readCloudControllerManagerConfig } from '../../../apps/cloud-controller-manager/src/cloud-controller-manager.config';
import { KubeletMetrics } from '../../../apps/kubelet/src/kubelet.metrics';
import { parseLoadTargets } from '../../../apps/proxy/src/load/load-target';
import { readProxyConfig } from '../../../apps/proxy/src/proxy.config';
import { ProxyMetrics } from '../../../apps/proxy/src/proxy.metrics';
import { SchedulerMetrics } from '../../../apps/scheduler/src/metrics/scheduler.metrics';
import { readSchedulerConfig } from '../../../apps/scheduler/src/scheduler.config';
import { workqueueMetrics } from '@orchestra/queues';
import { parseCredentialsFlags } from '../../credentials/credentials-flags';
import { ensureCredentials } from '../../credentials/ensure-credentials';
import { readNodeTokens } from '@orchestra/client';
import { dashboardQueries } from '../../testing/prometheus/dashboard-queries';
import { selectorsOf } from '../../testing/prometheus/promql-selectors';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { healthPorts } = require('../healthcheck.js') as {
  healthPorts: Record<string, { variable: string; port: number }>;
};

const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
// Compose files use YAML merge keys (`<<: *component`).
const readYaml = (path: string) => parse(read(path), { merge: true, prettyErrors: true });
const yamlFiles = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();

interface Service {
  image?: string;
  user?: string;
  build?: string;
  restart?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  logging?: { driver: string; options?: Record<string, string> };
}

const compose = readYaml('docker-compose.yml') as { services: Record<string, Service> };
const services = compose.services;
const prometheus = readYaml('prometheus/prometheus.yml');
const scrapeJobs = prometheus.scrape_configs as {
  job_name: string;
  honor_labels?: boolean;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
}[];
const datasources = readYaml('grafana/provisioning/datasources/datasources.yml').datasources as {
  name: string;
  uid: string;
  type: string;
  url: string;
  isDefault?: boolean;
  jsonData?: Record<string, any>;
}[];
const dashboardProviders = readYaml('grafana/provisioning/dashboards/dashboards.yml');
const tempo = readYaml('tempo/tempo.yaml');
const loki = readYaml('loki/loki.yaml');
const fluentConf = read('fluentd/fluent.conf');

/** The Orchestra components: compose services running one of the apps. */
const components = Object.entries(services).filter(([, service]) => service.environment?.ORCHESTRA_APP);
const appOf = (service: Service) => String(service.environment?.ORCHESTRA_APP);

/** The port an Orchestra service listens on (health, metrics), from the variable its app reads. */
function componentPort(service: Service): number {
  return Number(service.environment?.[healthPorts[appOf(service)].variable]);
}

/** The container port a service publishes on the host as `127.0.0.1:<port>:<port>`. */
const published = (service: Service) => (service.ports ?? []).map((p) => Number(p.split(':').at(-1)));

const portOfUrl = (url: string) => Number(new URL(url).port);

describe('docker-compose.yml', () => {
  it('runs every component, three kubelets, a load generator, Redis and the observability stack, restarting them', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'apiserver',
        'cluster-dns',
        'cloud-controller-manager',
        'controller-manager',
        'credentials',
        'fluentd',
        'grafana',
        'kube-state-metrics',
        'kubelet-1',
        'kubelet-2',
        'kubelet-3',
        'kubelet-pool',
        'load-generator',
        'loki',
        'prometheus',
        'proxy',
        'redis',
        'scheduler',
        'tempo',
      ].sort(),
    );
    // The credentials init service runs once: restarted only should it fail.
    for (const [name, service] of Object.entries(services))
      expect([name, service.restart]).toEqual([
        name,
        name === 'credentials' ? 'on-failure' : 'unless-stopped',
      ]);
  });

  it('pins every image it pulls to a version', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect([name, service.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:v?\d+(\.\d+)+$/)]);
    }
    expect(read('fluentd/Dockerfile')).toMatch(/^FROM fluent\/fluentd:v\d+\.\d+\.\d+-debian-\d/m);
    expect(read('fluentd/Dockerfile')).toMatch(
      /gem install fluent-plugin-grafana-loki --version \d+\.\d+\.\d+/,
    );
  });

  it('starts each component from an app that exists, checking /healthz on the port it listens on', () => {
    expect(components).toHaveLength(12);
    for (const [name, service] of components) {
      const app = appOf(service);
      expect([name, existsSync(join(root, 'apps', app, 'src/main.ts'))]).toEqual([name, true]);
      expect([name, service.build, service.image]).toEqual([name, '.', 'orchestra:dev']);
      expect(service.environment).toMatchObject({
        BIND_ADDRESS: '0.0.0.0',
        REDIS_URL: 'redis://redis:6379',
        APISERVER_URL: 'https://apiserver:8080',
      });
      // The apiserver alone serves HTTPS.
      expect(service.healthcheck?.test).toEqual([
        'CMD',
        'node',
        'tools/deploy/healthcheck.js',
        `${name === 'apiserver' ? 'https' : 'http'}://127.0.0.1:${componentPort(service)}/healthz`,
      ]);
    }
    // The image's own HEALTHCHECK finds the same port without a URL.
    expect(read('Dockerfile')).toMatch(
      /^HEALTHCHECK .*\n?.*CMD \["node", "tools\/deploy\/healthcheck\.js"\]/m,
    );
  });

  it("keeps Kubernetes' own ports, which are also the apps' defaults (and the image health check's)", () => {
    const ports = Object.fromEntries(components.map(([name, service]) => [name, componentPort(service)]));
    const kubelet = readKubeletConfig({}).KUBELET_PORT;
    const proxy = readProxyConfig({}).PROXY_PORT;
    expect(ports).toEqual({
      apiserver: 8080,
      scheduler: readSchedulerConfig({}).SCHEDULER_PORT,
      'controller-manager': readControllerManagerConfig({}).CONTROLLER_MANAGER_PORT,
      'kube-state-metrics': readKubeStateMetricsConfig({}).KUBE_STATE_METRICS_PORT,
      'kubelet-1': kubelet,
      'kubelet-2': kubelet,
      'kubelet-3': kubelet,
      'kubelet-pool': kubelet,
      'cloud-controller-manager': readCloudControllerManagerConfig({}).CLOUD_CONTROLLER_MANAGER_PORT,
      proxy,
      'load-generator': proxy,
      'cluster-dns': readClusterDnsConfig({}).CLUSTER_DNS_METRICS_PORT,
    });
    expect(ports).toMatchObject({
      scheduler: 10259,
      'controller-manager': 10257,
      'kubelet-1': 10250,
      'cloud-controller-manager': 10258,
      proxy: 10256,
    });
    for (const [name, service] of components)
      expect([name, healthPorts[appOf(service)].port]).toEqual([name, ports[name]]);
  });

  it('runs every component with the playground timing profile: the kubelets heartbeat as fast as the controller-manager expects', () => {
    const envOf = (service: Service) =>
      Object.fromEntries(Object.entries(service.environment!).map(([k, v]) => [k, String(v)]));
    const timed = components.filter(([, service]) =>
      ['apiserver', 'controller-manager', 'kubelet'].includes(appOf(service)),
    );
    expect(timed).toHaveLength(6);
    for (const [name, service] of timed) expect([name, envOf(service).PROFILE]).toEqual([name, 'playground']);
    for (const [, service] of timed.filter(([, service]) => appOf(service) === 'kubelet'))
      expect(readKubeletConfig(envOf(service)).PROFILE).toBe('playground');
    const apiserver = ApiserverConfig.fromEnv(envOf(services.apiserver));
    expect(apiserver.defaultTolerationSeconds).toBe(3);
    expect(readControllerManagerConfig(envOf(services['controller-manager'])).PROFILE).toBe('playground');
  });

  it("runs three kubelets of one node each, in zones a, b and c, and one of the cloud's pool nodes, reachable at their service names", () => {
    const kubelets = components.filter(([, service]) => appOf(service) === 'kubelet');
    const pool = services['kubelet-pool'].environment!;
    const poolConfig = readKubeletConfig(
      Object.fromEntries(Object.entries(pool).map(([k, v]) => [k, String(v)])),
    );
    expect(poolNodeNames(poolConfig)).toEqual(['pool-node-1', 'pool-node-2', 'pool-node-3']);
    expect(new URL(poolConfig.CLOUD_PROVIDER_URL).host).toBe('cloud-controller-manager:10258');
    expect(String(services['cloud-controller-manager'].environment!.NODE_POOL_MAX_SIZE)).toBe(
      String(poolConfig.NODE_POOL_SIZE),
    );
    const nodes = kubelets.flatMap(([name, service]) => {
      const env = Object.fromEntries(Object.entries(service.environment!).map(([k, v]) => [k, String(v)]));
      expect([name, env.KUBELET_ADVERTISE_ADDRESS]).toEqual([name, name]);
      return nodeIdentities(readKubeletConfig(env));
    });
    expect(nodes.map((node) => node.zone)).toEqual(['zone-a', 'zone-b', 'zone-c']);
    // Distinct names and indexes: each node gets its own podCIDR.
    expect(new Set(nodes.map((node) => node.name)).size).toBe(3);
    expect(new Set(nodes.map((node) => node.index)).size).toBe(3);
  });

  it("runs the cluster DNS on port 53 of the compose network, and gives every kubelet it and the proxy as its pods' network", () => {
    const env = Object.fromEntries(
      Object.entries(services['cluster-dns'].environment!).map(([k, v]) => [k, String(v)]),
    );
    const dns = readClusterDnsConfig(env);
    expect([dns.CLUSTER_DNS_PORT, dns.CLUSTER_DOMAIN]).toEqual([53, 'cluster.local']);
    const proxy = readProxyConfig(
      Object.fromEntries(Object.entries(services.proxy.environment!).map(([k, v]) => [k, String(v)])),
    );
    for (const [name, service] of components.filter(([, s]) => appOf(s) === 'kubelet')) {
      const kubelet = readKubeletConfig(
        Object.fromEntries(Object.entries(service.environment!).map(([k, v]) => [k, String(v)])),
      );
      expect([name, kubelet.CLUSTER_DNS, kubelet.CLUSTER_DOMAIN, kubelet.SERVICE_PROXY_ADDRESS]).toEqual([
        name,
        `cluster-dns:${dns.CLUSTER_DNS_PORT}`,
        dns.CLUSTER_DOMAIN,
        `proxy:${proxy.PROXY_TRAFFIC_PORT}`,
      ]);
    }
  });

  it('runs a load generator: a proxy with load targets that parse', () => {
    const env = services['load-generator'].environment!;
    expect(appOf(services['load-generator'])).toBe('proxy');
    // Compose substitutes `${LOAD_TARGETS:-default}`: the default must be valid.
    const fallback = /^\$\{LOAD_TARGETS:-(.+)\}$/.exec(String(env.LOAD_TARGETS))?.[1];
    expect(fallback).toBeDefined();
    expect(parseLoadTargets(fallback!).length).toBeGreaterThan(0);
  });

  it('sends every component’s output to Fluentd and its spans to Tempo', () => {
    const otlp = tempo.distributor.receivers.otlp.protocols.http.endpoint as string;
    const names = new Set<string>();
    for (const [name, service] of components) {
      expect([name, service.logging]).toEqual([
        name,
        {
          driver: 'fluentd',
          options: expect.objectContaining({ 'fluentd-address': 'localhost:24224', 'fluentd-async': 'true' }),
        },
      ]);
      expect([name, service.environment?.OTEL_EXPORTER_OTLP_ENDPOINT]).toEqual([name, 'http://tempo:4318']);
      expect([name, service.environment?.OTEL_SERVICE_NAME]).toEqual([
        name,
        expect.stringMatching(/^[a-z-]+$/),
      ]);
      names.add(String(service.environment?.OTEL_SERVICE_NAME));
    }
    // One service name per app (the kubelets share theirs), the load generator apart from the proxy.
    expect(names.size).toBe(new Set(components.map(([, s]) => appOf(s))).size + 1);
    expect(otlp).toBe('0.0.0.0:4318');
    expect(published(services.tempo)).toEqual(expect.arrayContaining([4318, 3200]));
    // The daemon reaches Fluentd through the port published on the host.
    expect(published(services.fluentd)).toContain(24224);
  });

  it('starts components after Redis and a healthy apiserver, and waits only on services that exist', () => {
    for (const [name, service] of components) {
      expect([name, service.depends_on?.credentials]).toEqual([
        name,
        { condition: 'service_completed_successfully' },
      ]);
      expect([name, service.depends_on?.redis]).toEqual([name, { condition: 'service_healthy' }]);
      if (name !== 'apiserver')
        expect([name, service.depends_on?.apiserver]).toEqual([name, { condition: 'service_healthy' }]);
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect([name, dependency, dependency in services]).toEqual([name, dependency, true]);
        if (condition === 'service_healthy')
          expect([name, dependency, services[dependency].healthcheck]).toEqual([
            name,
            dependency,
            expect.anything(),
          ]);
      }
    }
  });

  it('gives Redis no eviction, an append-only file and a volume, and Grafana anonymous viewing but no committed password', () => {
    expect(services.redis.command).toEqual([
      'redis-server',
      '--maxmemory-policy',
      'noeviction',
      '--appendonly',
      'yes',
    ]);
    expect(services.redis.volumes).toEqual(['redis-data:/data']);
    expect(services.redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(services.grafana.environment).toMatchObject({
      GF_SECURITY_ADMIN_PASSWORD: '${GRAFANA_ADMIN_PASSWORD:-admin}',
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
      // Explore (logs and traces) is an editor's tool unless viewers may edit.
      GF_USERS_VIEWERS_CAN_EDIT: 'true',
    });
  });

  it("lets the controller-manager annotate chaos runs in Grafana as Grafana's admin, with no committed password", () => {
    const env = services['controller-manager'].environment!;
    const grafana = services.grafana.environment!;
    const config = readControllerManagerConfig(
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
    );
    expect(new URL(config.GRAFANA_URL).hostname).toBe('grafana');
    expect(published(services.grafana)).toContain(portOfUrl(config.GRAFANA_URL));
    expect(env.GRAFANA_USER).toBe(grafana.GF_SECURITY_ADMIN_USER);
    expect(env.GRAFANA_PASSWORD).toBe(grafana.GF_SECURITY_ADMIN_PASSWORD);
    expect(env.GRAFANA_PASSWORD).toBe('${GRAFANA_ADMIN_PASSWORD:-admin}');
  });

  it("links the web dashboard to Grafana where the host's browser finds it (its published port)", () => {
    const env = services.apiserver.environment!;
    const config = ApiserverConfig.fromEnv(
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
    );
    expect(new URL(config.dashboardGrafanaUrl).hostname).toBe('localhost');
    expect(services.grafana.ports).toContain(
      `127.0.0.1:${portOfUrl(config.dashboardGrafanaUrl)}:${portOfUrl(config.dashboardGrafanaUrl)}`,
    );
  });

  it('publishes ports on loopback only', () => {
    const ports = Object.values(services).flatMap((service) => service.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:(\d+):\1$/);
  });

  describe('credentials', () => {
    const mount = '/etc/orchestra';
    let dir: string;
    /** The container path `path` (under the volume's mount) in the directory the test generated. */
    const local = (path: string) => {
      expect(path.startsWith(`${mount}/`)).toBe(true);
      return join(dir, path.slice(mount.length));
    };
    const envOf = (service: Service) =>
      Object.fromEntries(Object.entries(service.environment!).map(([k, v]) => [k, String(v)]));

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'orchestra-compose-credentials-'));
      // The init service's own command, run here into a temporary directory (owners left alone).
      const command = parseCredentialsFlags(services.credentials.command!.slice(4));
      if (command.help) throw new Error('--help');
      expect(command.dir).toBe(mount);
      await ensureCredentials({
        ...command,
        dir,
        owner: undefined,
        prometheusOwner: undefined,
        kubeconfigs: command.kubeconfigs!.map((k) => ({
          ...k,
          path: join(dir, 'kubeconfig'),
          owner: undefined,
        })),
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('are generated by an init service of the image into a volume, and the kubeconfig into the checkout', () => {
      const service = services.credentials;
      expect([service.build, service.image, service.user]).toEqual(['.', 'orchestra:dev', '0:0']);
      expect(service.command!.slice(0, 4)).toEqual([
        'node',
        '-r',
        './tools/register-paths.js',
        'dist/tools/credentials/main.js',
      ]);
      expect(existsSync(join(root, 'tools/credentials/main.ts'))).toBe(true);
      expect(service.volumes).toEqual([`credentials:${mount}`, '.:/checkout']);
      const command = parseCredentialsFlags(service.command!.slice(4));
      expect(command).toMatchObject({
        kubeconfigs: [
          {
            path: '/checkout/.orchestra/compose/kubeconfig',
            serverUrl: `https://localhost:${published(services.apiserver)[0]}`,
            owner: { of: '/checkout' },
          },
        ],
      });
      // .orchestra/ (where the kubeconfig lands) is not committed.
      expect(read('.gitignore').split('\n')).toContain('.orchestra/');
    });

    it('are mounted read-only by every component and Prometheus, which start after they exist', () => {
      for (const [name, service] of [...components, ['prometheus', services.prometheus] as const]) {
        expect([name, service.volumes]).toEqual([name, expect.arrayContaining([`credentials:${mount}:ro`])]);
        expect([name, service.depends_on?.credentials]).toEqual([
          name,
          { condition: 'service_completed_successfully' },
        ]);
      }
    });

    it('give the apiserver TLS, the token file and the ServiceAccount key, and every component the CA', () => {
      const apiserver = envOf(services.apiserver);
      for (const variable of [
        'TLS_CERT_FILE',
        'TLS_PRIVATE_KEY_FILE',
        'TOKEN_AUTH_FILE',
        'SERVICE_ACCOUNT_KEY_FILE',
      ])
        expect([variable, existsSync(local(apiserver[variable]))]).toEqual([variable, true]);
      const config = ApiserverConfig.fromEnv(apiserver);
      expect(config.gatekeeper.tlsCertFile).toBe(apiserver.TLS_CERT_FILE);
      for (const [name, service] of components)
        expect([name, existsSync(local(envOf(service).NODE_EXTRA_CA_CERTS))]).toEqual([name, true]);
    });

    it('give each component its own token file, and each kubelet the tokens of the node it runs', () => {
      const tokenFiles = new Map<string, string>();
      for (const [name, service] of components) {
        const env = envOf(service);
        if (appOf(service) === 'apiserver') continue;
        if (appOf(service) === 'kubelet') {
          const config = readKubeletConfig(env);
          const nodes = [...nodeIdentities(config).map((node) => node.name), ...poolNodeNames(config)];
          expect([name, [...readNodeTokens(local(env.NODE_TOKENS_FILE)).keys()]]).toEqual([name, nodes]);
          continue;
        }
        expect([name, existsSync(local(env.APISERVER_TOKEN_FILE))]).toEqual([name, true]);
        tokenFiles.set(name, env.APISERVER_TOKEN_FILE);
      }
      expect(Object.fromEntries(tokenFiles)).toEqual({
        scheduler: `${mount}/tokens/scheduler.token`,
        'controller-manager': `${mount}/tokens/controller-manager.token`,
        'kube-state-metrics': `${mount}/tokens/kube-state-metrics.token`,
        'cloud-controller-manager': `${mount}/tokens/cloud-controller-manager.token`,
        proxy: `${mount}/tokens/proxy.token`,
        'load-generator': `${mount}/tokens/proxy.token`,
        'cluster-dns': `${mount}/tokens/coredns.token`,
      });
    });

    it('let Prometheus scrape the apiserver over https as system:prometheus', () => {
      const job = readYaml('prometheus/prometheus.yml').scrape_configs.find(
        (j: { job_name: string }) => j.job_name === 'kube-apiserver',
      );
      expect(job.scheme).toBe('https');
      expect(local(job.tls_config.ca_file)).toBe(join(dir, 'pki', 'ca.crt'));
      expect(local(job.authorization.credentials_file)).toBe(join(dir, 'tokens', 'prometheus.token'));
      expect(existsSync(local(job.authorization.credentials_file))).toBe(true);
    });
  });

  const dockerCompose = hasCommand('docker-compose', ['version']);
  if (!dockerCompose && process.env.CI === 'true')
    it('has docker-compose installed in CI', () => {
      throw new Error(
        'docker-compose is not installed: .ci/run installs it (apt-get install docker-compose)',
      );
    });
  (dockerCompose ? it : it.skip)('passes docker-compose config (when installed)', () => {
    execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: root,
      stdio: 'pipe',
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
      'kube-apiserver',
      'kube-scheduler',
      'kube-controller-manager',
      'cloud-controller-manager',
      'kubelet',
      'kube-state-metrics',
      'kube-proxy',
      'coredns',
      'prometheus',
      'tempo',
      'loki',
    ]);
    for (const { target, config } of targets)
      expect([target, config.labels?.cluster]).toEqual([target, 'orchestra']);
    // kube-state-metrics' series carry the labels of the objects they describe: keep them.
    expect(scrapeJobs.find((job) => job.job_name === 'kube-state-metrics')?.honor_labels).toBe(true);
  });

  it("targets compose services running each job's app, on the ports they listen on", () => {
    const appOfJob: Record<string, string> = {
      'kube-apiserver': 'apiserver',
      'kube-scheduler': 'scheduler',
      'kube-controller-manager': 'controller-manager',
      'cloud-controller-manager': 'cloud-controller-manager',
      kubelet: 'kubelet',
      'kube-state-metrics': 'kube-state-metrics',
      'kube-proxy': 'proxy',
      coredns: 'cluster-dns',
    };
    const scraped = targets.filter((t) => appOfJob[t.job]);
    for (const { job, target } of scraped) {
      const [host, port] = target.split(':');
      expect([target, services[host] && appOf(services[host])]).toEqual([target, appOfJob[job]]);
      expect([target, Number(port)]).toEqual([target, componentPort(services[host])]);
    }
    // …and every component is scraped.
    expect(scraped.map((t) => t.target.split(':')[0]).sort()).toEqual(
      components.map(([name]) => name).sort(),
    );
    // The trace and log backends, on the ports their configs listen on.
    expect(targets.filter((t) => ['tempo', 'loki'].includes(t.job)).map((t) => t.target)).toEqual([
      `tempo:${tempo.server.http_listen_port}`,
      `loki:${loki.server.http_listen_port}`,
    ]);
  });

  it('receives the span metrics Tempo writes to it', () => {
    expect(services.prometheus.command).toContain('--web.enable-remote-write-receiver');
    expect(tempo.metrics_generator.storage.remote_write).toEqual([
      expect.objectContaining({ url: 'http://prometheus:9090/api/v1/write' }),
    ]);
  });

  const rules = yamlFiles('prometheus/rules').flatMap((file) =>
    (readYaml(`prometheus/rules/${file}`).groups as { rules: Record<string, any>[] }[]).flatMap(
      (g) => g.rules,
    ),
  );
  const alerts = rules.filter((rule) => rule.alert);

  it('loads every rules file, whose alerts all have a duration, severity, summary and description', () => {
    expect(prometheus.rule_files).toEqual(['rules/*.yml']);
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    for (const alert of alerts) {
      expect(alert).toMatchObject({
        alert: expect.any(String),
        for: expect.any(String),
        labels: { severity: expect.stringMatching(/^(critical|warning|info)$/) },
        annotations: { summary: expect.any(String), description: expect.any(String) },
      });
    }
  });

  it('unit-tests every alert with promtool', () => {
    const tested = new Set<string>();
    for (const file of yamlFiles('prometheus/tests')) {
      const tests = readYaml(`prometheus/tests/${file}`);
      for (const ruleFile of tests.rule_files as string[])
        expect([file, existsSync(join(root, 'prometheus/tests', ruleFile))]).toEqual([file, true]);
      for (const test of tests.tests as { alert_rule_test?: { alertname: string }[] }[])
        for (const t of test.alert_rule_test ?? []) tested.add(t.alertname);
    }
    // An alert may have several rules (one per severity, as kubernetes-mixin's KubeAPIErrorsHigh).
    expect([...tested].sort()).toEqual([...new Set(alerts.map((alert) => alert.alert))].sort());
  });

  const promtool = hasCommand('promtool', ['--version']);
  (promtool ? it : it.skip)(
    'passes promtool check config and promtool test rules (when installed)',
    async () => {
      // promtool wants the token and CA files to exist: the config is checked in a directory with
      // generated ones where compose mounts them, and the repository's rules beside it.
      const dir = mkdtempSync(join(tmpdir(), 'orchestra-promtool-'));
      try {
        await ensureCredentials({ dir: join(dir, 'credentials') });
        symlinkSync(join(root, 'prometheus', 'rules'), join(dir, 'rules'));
        writeFileSync(
          join(dir, 'prometheus.yml'),
          read('prometheus/prometheus.yml').replaceAll('/etc/orchestra/', `${join(dir, 'credentials')}/`),
        );
        execFileSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const tests = yamlFiles('prometheus/tests').map((file) => `prometheus/tests/${file}`);
      execFileSync('promtool', ['test', 'rules', ...tests], { cwd: root, stdio: 'pipe' });
    },
  );
});

describe('grafana/', () => {
  const uids = datasources.map((d) => d.uid);
  const byUid = Object.fromEntries(datasources.map((d) => [d.uid, d]));

  it('provisions Prometheus, Loki and Tempo at their compose services and ports', () => {
    expect(datasources.map(({ uid, type }) => ({ uid, type }))).toEqual([
      { uid: 'prometheus', type: 'prometheus' },
      { uid: 'loki', type: 'loki' },
      { uid: 'tempo', type: 'tempo' },
    ]);
    expect(datasources.filter((d) => d.isDefault).map((d) => d.uid)).toEqual(['prometheus']);
    expect(byUid.prometheus.url).toBe('http://prometheus:9090');
    expect(published(services.prometheus)).toContain(9090);
    expect(byUid.loki.url).toBe(`http://loki:${loki.server.http_listen_port}`);
    expect(published(services.loki)).toContain(portOfUrl(byUid.loki.url));
    expect(byUid.tempo.url).toBe(`http://tempo:${tempo.server.http_listen_port}`);
    expect(published(services.tempo)).toContain(portOfUrl(byUid.tempo.url));
  });

  it('links logs to traces and traces to logs and metrics by trace id', () => {
    // Grafana expands $VAR in provisioning files: `$$` keeps Grafana's own ${…} variables.
    const [derived] = byUid.loki.jsonData!.derivedFields;
    expect(derived).toMatchObject({ datasourceUid: 'tempo', url: '$${__value.raw}' });
    const line = JSON.stringify({
      level: 'info',
      msg: 'pod bound',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
    });
    expect(new RegExp(derived.matcherRegex).exec(line)?.[1]).toBe('0af7651916cd43dd8448eb211c80319c');

    const tempoLinks = byUid.tempo.jsonData!;
    expect(tempoLinks.tracesToLogsV2).toMatchObject({ datasourceUid: 'loki', customQuery: true });
    expect(tempoLinks.tracesToLogsV2.query).toContain('$${__trace.traceId}');
    expect(tempoLinks.tracesToMetrics.datasourceUid).toBe('prometheus');
    expect(tempoLinks.serviceMap.datasourceUid).toBe('prometheus');
    // Every cross-reference names a provisioned data source.
    const refs =
      read('grafana/provisioning/datasources/datasources.yml').match(/datasourceUid: (\S+)/g) ?? [];
    expect(refs.length).toBeGreaterThanOrEqual(6);
    for (const ref of refs) expect(uids).toContain(ref.split(' ')[1]);
  });

  it('loads dashboards from where compose mounts grafana/dashboards', () => {
    const path = dashboardProviders.providers[0].options.path;
    expect(services.grafana.volumes).toContain(`./grafana/dashboards:${path}:ro`);
    expect(services.grafana.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
  });

  const files = readdirSync(join(root, 'grafana/dashboards')).filter((f) => f.endsWith('.json'));
  const dashboards = files.map((file) => ({ file, ...JSON.parse(read(`grafana/dashboards/${file}`)) }));
  type Panel = {
    id: number;
    type: string;
    title: string;
    datasource?: object;
    targets?: any[];
    panels?: Panel[];
  };
  const panelsOf = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);

  it('has the cluster overview, control plane and workloads dashboards, each with its own uid', () => {
    expect(dashboards.map((d) => [d.file, d.uid])).toEqual(
      expect.arrayContaining([
        ['cluster-overview.json', 'orchestra-cluster-overview'],
        ['control-plane.json', 'orchestra-control-plane'],
        ['workloads.json', 'orchestra-workloads'],
      ]),
    );
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
  });

  it.each(files)('%s: unique panel ids, a query in every panel, only provisioned data sources', (file) => {
    const dashboard = dashboards.find((d) => d.file === file)!;
    const panels = panelsOf(dashboard.panels);
    const ids = panels.map((p) => p.id);
    expect(ids.every(Number.isInteger)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const refs: unknown[] = dashboard.templating.list.map((v: { datasource?: object }) => v.datasource);
    for (const panel of panels.filter((p) => !['row', 'text'].includes(p.type))) {
      const exprs = (panel.targets ?? []).map((t) => t.expr).filter(Boolean);
      expect([panel.title, exprs.length > 0]).toEqual([panel.title, true]);
      refs.push(panel.datasource, ...(panel.targets ?? []).map((t) => t.datasource));
    }
    for (const ref of refs) expect(ref).toEqual({ type: 'prometheus', uid: byUid.prometheus.uid });
  });

  it('has queries that parse as PromQL once Grafana fills in the variables', () => {
    const queries = dashboardQueries(join(root, 'grafana/dashboards'), {
      rateInterval: '1m',
      interval: '15s',
      range: '1h',
    });
    expect(queries.length).toBeGreaterThan(40);
    for (const q of queries) expect(() => selectorsOf(q.expr)).not.toThrow();
  });

  const metricsOf = (file: string) =>
    new Set(
      dashboardQueries(join(root, 'grafana/dashboards'), { rateInterval: '1m', interval: '15s', range: '1h' })
        .filter((q) => q.dashboard === dashboards.find((d) => d.file === file)!.title)
        .flatMap((q) => selectorsOf(q.expr).map((s) => s.metric)),
    );

  it.each([
    [
      'cluster-overview.json',
      [
        'kube_node_status_condition',
        'kube_pod_status_phase',
        'kube_pod_container_status_restarts_total',
        'kube_pod_info',
        'kube_pod_container_resource_requests',
        'kube_node_status_allocatable',
      ],
    ],
    [
      'control-plane.json',
      [
        'up',
        'apiserver_request_total',
        'apiserver_request_duration_seconds_bucket',
        'orchestra_store_operations_total',
        'orchestra_store_operation_duration_seconds_bucket',
        'orchestra_store_conflicts_total',
        'apiserver_storage_objects',
        'orchestra_changelog_length',
        'orchestra_dispatcher_undelivered_entries',
        'orchestra_dispatcher_pending_entries',
        'orchestra_dispatcher_jobs_total',
        'workqueue_depth',
        'orchestra_queue_jobs',
        'workqueue_queue_duration_seconds_bucket',
        'controller_reconcile_total',
        'workqueue_work_duration_seconds_bucket',
        'scheduler_schedule_attempts_total',
        'scheduler_scheduling_attempt_duration_seconds_bucket',
        'scheduler_pending_pods',
        'leader_election_master_status',
      ],
    ],
    [
      'workloads.json',
      [
        'orchestra_proxy_requests_total',
        'orchestra_proxy_request_duration_seconds_bucket',
        'container_cpu_usage_seconds_total',
        'container_memory_working_set_bytes',
        'kube_deployment_spec_replicas',
        'kube_deployment_status_replicas_available',
        'kube_statefulset_replicas',
        'kube_statefulset_status_replicas_ready',
        'kube_statefulset_status_current_revision',
        'kube_statefulset_status_update_revision',
        'kube_daemonset_status_desired_number_scheduled',
        'kube_daemonset_status_current_number_scheduled',
        'kube_daemonset_status_number_ready',
        'kube_daemonset_status_number_misscheduled',
        'kube_job_status_active',
        'kube_job_status_succeeded',
        'kube_job_status_failed',
        'kube_job_failed',
        'kube_cronjob_status_last_schedule_time',
        'kube_horizontalpodautoscaler_status_current_replicas',
        'kube_horizontalpodautoscaler_status_desired_replicas',
        'kube_horizontalpodautoscaler_spec_min_replicas',
        'kube_horizontalpodautoscaler_spec_max_replicas',
        'kube_horizontalpodautoscaler_status_target_metric',
        'kube_horizontalpodautoscaler_spec_target_metric',
      ],
    ],
  ])('%s shows what it is for', (file, metrics) => {
    expect([...metrics].filter((m) => !metricsOf(file).has(m))).toEqual([]);
  });

  it('reads the store, change-log, queue, scheduler, kubelet and proxy metrics under the names the apps register', () => {
    const registry = new Registry();
    new StoreMetrics(registry);
    new DispatcherMetrics(registry, {
      length: async () => 0,
      undelivered: async () => 0,
      pending: async () => 0,
    });
    new ProxyMetrics(registry);
    new KubeletMetrics(registry);
    new SchedulerMetrics(registry);
    workqueueMetrics(registry);
    const registered = new Set(registry.getMetricsAsArray().map((m) => m.name));
    const owned =
      /^(orchestra_(store|changelog|dispatcher|queue|proxy)_|apiserver_storage_|container_|kubelet_|scheduler_|workqueue_|controller_reconcile)/;
    const used = files.flatMap((file) => [...metricsOf(file)]).filter((m) => owned.test(m));
    expect(used.length).toBeGreaterThan(20);
    for (const metric of used)
      expect([metric, registered.has(metric.replace(/_(bucket|sum|count)$/, ''))]).toEqual([metric, true]);
  });
});

describe('fluentd/', () => {
  /** The body of `<label @name>`: its filters and its match. */
  const labelSection = (name: string) =>
    new RegExp(`\\n<label @${name}>([\\s\\S]*?)\\n</label>`).exec(fluentConf)?.[1] ?? '';

  it('receives Docker’s fluentd logging driver on 24224 and sends the lines to Loki with few labels', () => {
    expect(fluentConf).toMatch(/<source>\s*@type forward\s*port 24224\s*bind 0\.0\.0\.0\s*<\/source>/);
    // Every record goes on to the log lines' label and the audit events' label.
    const routing = /<match orchestra\.\*\*>([\s\S]*?)\n<\/match>/.exec(fluentConf)?.[1] ?? '';
    expect(routing).toMatch(/@type copy/);
    expect([...routing.matchAll(/@label @(\w+)/g)].map((m) => m[1]).sort()).toEqual(['audit', 'logs']);
    const match = labelSection('logs');
    expect(match).toMatch(/<exclude>\s*key apiVersion\s*pattern \/\^audit\\\.k8s\\\.io\\\/\/\s*<\/exclude>/);
    expect(match).toMatch(/@type loki/);
    expect(match).toContain(`url http://loki:${loki.server.http_listen_port}`);
    const labels = /<label>([\s\S]*?)<\/label>/
      .exec(match)?.[1]
      .trim()
      .split(/\n\s*/)
      .map((l) => l.split(' ')[0]);
    expect(labels).toEqual(['service', 'component', 'level']);
    // Audit events (apiVersion audit.k8s.io/v1) are their own stream, log_type="audit".
    const audit = labelSection('audit');
    expect(audit).toMatch(/<regexp>\s*key apiVersion\s*pattern \/\^audit\\\.k8s\\\.io\\\/\/\s*<\/regexp>/);
    expect(audit).toMatch(/@type loki/);
    expect(audit).toContain(`url http://loki:${loki.server.http_listen_port}`);
    expect(audit).toContain('"log_type": "audit"');
    // Every component's logging driver tags its records for that match.
    for (const [name, service] of components)
      expect([name, service.logging?.options?.tag]).toEqual([name, 'orchestra.{{.Name}}']);
  });
});

function hasCommand(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
