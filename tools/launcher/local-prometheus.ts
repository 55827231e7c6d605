/**
 * `npm start` also runs the machine's Prometheus when one is installed, with the same scrape jobs
 * and rules as docker compose: prometheus/prometheus.yml is read and each target retargeted from
 * its compose service to the local process's port, so the two ways to run never drift apart.
 */
import { spawnSync } from 'node:child_process';
import { parse, stringify } from 'yaml';

interface StaticConfig {
  targets: string[];
  labels?: Record<string, string>;
}

interface ScrapeConfig {
  job_name: string;
  static_configs?: StaticConfig[];
  [option: string]: unknown;
}

interface PrometheusConfig {
  global?: Record<string, unknown>;
  rule_files?: string[];
  scrape_configs?: ScrapeConfig[];
  [section: string]: unknown;
}

export interface LocalPrometheusOptions {
  /** `host:port` of the local process that plays a compose service, or undefined if none does. */
  localAddressOf(service: string): string | undefined;
  /** Absolute directory of the repository's rule files (compose mounts it next to the config). */
  rulesDir: string;
  scrapeInterval: string;
  /** The local directory of the generated credentials, which compose mounts at COMPOSE_CREDENTIALS_DIR. */
  credentialsDir?: string;
}

/**
 * Where compose mounts the `credentials` volume in Prometheus (and every component): the
 * apiserver job's token and CA files are under it, and under the state directory locally.
 */
export const COMPOSE_CREDENTIALS_DIR = '/etc/orchestra';

/**
 * Compose service → local `host:port`, from the local ports by process name: every `kubelet-*`
 * service is the one local kubelet process, and Prometheus' `localhost` target is itself.
 */
export function localAddresses(ports: Record<string, number>): (service: string) => string | undefined {
  return (service) => {
    const name = service.startsWith('kubelet') ? 'kubelet' : service === 'localhost' ? 'prometheus' : service;
    return ports[name] === undefined ? undefined : `127.0.0.1:${ports[name]}`;
  };
}

export function prometheusAvailable(): boolean {
  return spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The compose config, retargeted. Several compose services played by one local process (the
 * kubelets: one local process runs every simulated node) become one target; jobs with no local
 * process (log and trace backends) are dropped; per-target labels other than `cluster` go, as
 * they described compose containers.
 */
export function localPrometheusConfig(composeYaml: string, options: LocalPrometheusOptions): string {
  const config = parse(composeYaml) as PrometheusConfig;
  const scrapeConfigs = (config.scrape_configs ?? []).flatMap((job): ScrapeConfig[] => {
    const targets = new Set<string>();
    let cluster: string | undefined;
    for (const group of job.static_configs ?? []) {
      cluster ??= group.labels?.cluster;
      for (const target of group.targets) {
        const local = options.localAddressOf(target.split(':')[0]);
        if (local) targets.add(local);
      }
    }
    if (targets.size === 0) return [];
    const labels = cluster ? { cluster } : undefined;
    const local = options.credentialsDir
      ? (relocate(job, COMPOSE_CREDENTIALS_DIR, options.credentialsDir) as ScrapeConfig)
      : job;
    return [{ ...local, static_configs: [{ targets: [...targets], ...(labels ? { labels } : {}) }] }];
  });
  const local: PrometheusConfig = {
    ...config,
    global: {
      ...config.global,
      scrape_interval: options.scrapeInterval,
      evaluation_interval: options.scrapeInterval,
    },
    rule_files: (config.rule_files ?? []).map((pattern) =>
      pattern.replace(/^(\.\/)?rules\//, options.rulesDir.replace(/\/$/, '') + '/'),
    ),
    scrape_configs: scrapeConfigs,
  };
  return (
    '# Written by `npm start` from prometheus/prometheus.yml: do not edit, it is rewritten at each start.\n' +
    stringify(local)
  );
}

/** `value` with every string under `from/` moved under `to/` (file options: credentials_file, ca_file, …). */
function relocate(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string')
    return value.startsWith(from + '/') ? to.replace(/\/$/, '') + value.slice(from.length) : value;
  if (Array.isArray(value)) return value.map((v) => relocate(v, from, to));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relocate(v, from, to)]));
  return value;
}

/** The flags for a Prometheus on loopback with its data in the playground's state directory. */
export function prometheusArgs(configFile: string, dataDir: string, port: number): string[] {
  return [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=2d',
    '--log.level=warn',
  ];
}
