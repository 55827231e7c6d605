/* global fetch, AbortSignal */
/**
 * Container health check without curl (the slim image has none): exits 0 when the URL answers
 * 2xx within 2 s. Usage: node tools/deploy/healthcheck.js [http://127.0.0.1:10259/healthz]
 * Without a URL (the image's HEALTHCHECK) it checks /healthz of the app ORCHESTRA_APP names, on
 * the port that app listens on: the same variable and default the app reads.
 */
const healthPorts = {
  apiserver: { variable: 'APISERVER_PORT', port: 8080 },
  scheduler: { variable: 'SCHEDULER_PORT', port: 10259 },
  'controller-manager': { variable: 'CONTROLLER_MANAGER_PORT', port: 10257 },
  kubelet: { variable: 'KUBELET_PORT', port: 10250 },
  proxy: { variable: 'PROXY_PORT', port: 10256 },
  'kube-state-metrics': { variable: 'KUBE_STATE_METRICS_PORT', port: 8081 },
  'cluster-dns': { variable: 'CLUSTER_DNS_METRICS_PORT', port: 9153 },
  'cloud-controller-manager': { variable: 'CLOUD_CONTROLLER_MANAGER_PORT', port: 10258 },
};

function healthUrl(env) {
  const app = healthPorts[env.ORCHESTRA_APP];
  if (!app) return undefined;
  // An apiserver given a certificate serves HTTPS only (its CA comes from NODE_EXTRA_CA_CERTS).
  const scheme = env.ORCHESTRA_APP === 'apiserver' && env.TLS_CERT_FILE ? 'https' : 'http';
  return `${scheme}://127.0.0.1:${env[app.variable] || app.port}/healthz`;
}

if (require.main === module) {
  const url = process.argv[2] || healthUrl(process.env);
  if (!url) {
    console.error(
      `healthcheck: no URL given, and ORCHESTRA_APP is not one of ${Object.keys(healthPorts).join(', ')}`,
    );
    process.exit(1);
  }
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (res) => process.exit(res.ok ? 0 : 1),
    () => process.exit(1),
  );
}

module.exports = { healthPorts, healthUrl };
