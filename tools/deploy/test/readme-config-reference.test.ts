/**
 * The README's configuration reference names every environment variable a component or the
 * launcher reads: each key of every component's env declaration must appear in the README, as
 * `NAME` (a table row or its text), so a new setting cannot go undocumented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiserverEnv } from '../../../apps/apiserver/src/apiserver.config';
import { clusterDnsEnv } from '../../../apps/cluster-dns/src/cluster-dns.config';
import { cloudControllerManagerEnv } from '../../../apps/cloud-controller-manager/src/cloud-controller-manager.config';
import { controllerManagerEnv } from '../../../apps/controller-manager/src/controller-manager.config';
import { kubeStateMetricsEnv } from '../../../apps/kube-state-metrics/src/kube-state-metrics.config';
import { kubeletEnv } from '../../../apps/kubelet/src/kubelet.config';
import { proxyEnv } from '../../../apps/proxy/src/proxy.config';
import { schedulerEnv } from '../../../apps/scheduler/src/scheduler.config';
import { launcherEnv } from '../../launcher/launcher-config';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

describe("the README's configuration reference", () => {
  it.each([
    ['apiserver', apiserverEnv],
    ['scheduler', schedulerEnv],
    ['controller-manager', controllerManagerEnv],
    ['kubelet', kubeletEnv],
    ['proxy', proxyEnv],
    ['kube-state-metrics', kubeStateMetricsEnv],
    ['cluster-dns', clusterDnsEnv],
    ['cloud-controller-manager', cloudControllerManagerEnv],
    ['launcher', launcherEnv],
  ])('documents every variable the %s reads', (_component, env) => {
    const missing = Object.keys(env).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
