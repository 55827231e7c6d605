import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureCredentials } from '../credentials/ensure-credentials';
import { localAddresses, localPrometheusConfig } from './local-prometheus';

const root = join(__dirname, '..', '..');
const composeConfig = readFileSync(join(root, 'prometheus', 'prometheus.yml'), 'utf8');
const localPorts: Record<string, number> = {
  apiserver: 18080,
  scheduler: 20259,
  'controller-manager': 20257,
  'kube-state-metrics': 18081,
  kubelet: 20250,
  proxy: 20256,
  prometheus: 19090,
};
const localAddressOf = localAddresses(localPorts);

interface Job {
  job_name: string;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
}

describe('localPrometheusConfig', () => {
  const rulesDir = join(root, 'prometheus', 'rules');
  const local = parse(
    localPrometheusConfig(composeConfig, { localAddressOf, rulesDir, scrapeInterval: '5s' }),
  );
  const compose = parse(composeConfig, { merge: true });
  const jobs = local.scrape_configs as Job[];

  it('keeps every compose job that a local process plays, under the same name', () => {
    const composeJobs = (compose.scrape_configs as Job[])
      .filter((job) =>
        job.static_configs.some((group) => group.targets.some((t) => localAddressOf(t.split(':')[0]))),
      )
      .map((job) => job.job_name);
    expect(composeJobs).toEqual(
      expect.arrayContaining(['kube-scheduler', 'kube-controller-manager', 'kubelet', 'kube-proxy']),
    );
    expect(jobs.map((job) => job.job_name)).toEqual(composeJobs);
  });

  it('scrapes the local ports, one kubelet target for every compose kubelet, with the cluster label', () => {
    for (const job of jobs) {
      expect(job.static_configs).toHaveLength(1);
      for (const target of job.static_configs[0].targets) expect(target).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(job.static_configs[0].labels).toEqual({ cluster: 'orchestra' });
    }
    expect(jobs.find((job) => job.job_name === 'kubelet')!.static_configs[0].targets).toEqual([
      '127.0.0.1:20250',
    ]);
  });

  it('scrapes the apiserver over https with the token and CA generated under the state directory', () => {
    const withCredentials = parse(
      localPrometheusConfig(composeConfig, {
        localAddressOf,
        rulesDir,
        scrapeInterval: '5s',
        credentialsDir: '/home/me/orchestra/.orchestra',
      }),
    );
    const apiserver = (withCredentials.scrape_configs as Record<string, any>[]).find(
      (job) => job.job_name === 'kube-apiserver',
    )!;
    expect(apiserver).toMatchObject({
      scheme: 'https',
      authorization: { credentials_file: '/home/me/orchestra/.orchestra/tokens/prometheus.token' },
      tls_config: { ca_file: '/home/me/orchestra/.orchestra/pki/ca.crt' },
      static_configs: [{ targets: ['127.0.0.1:18080'] }],
    });
  });

  it("reads the repository's rules and scrapes at the interval asked for", () => {
    expect(local.rule_files).toEqual([join(rulesDir, '*.yml')]);
    expect(local.global).toMatchObject({ scrape_interval: '5s', evaluation_interval: '5s' });
  });

  // promtool comes with Debian's `prometheus` package, which .ci/run installs.
  // promtool checks that the token and CA files exist: real ones, generated into the directory.
  it('is a config promtool accepts, rules and credentials included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orchestra-prometheus-'));
    try {
      await ensureCredentials({ dir });
      const file = join(dir, 'prometheus.yml');
      writeFileSync(
        file,
        localPrometheusConfig(composeConfig, {
          localAddressOf,
          rulesDir,
          scrapeInterval: '5s',
          credentialsDir: dir,
        }),
      );
      const output = execFileSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
      expect(output).toContain('SUCCESS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
