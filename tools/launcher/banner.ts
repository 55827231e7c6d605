/**
 * What `npm start` prints once the playground is up: where everything is, how to sign in to the
 * web dashboard, the kubeconfig line, a first thing to apply and a first fault to inject. Its last
 * line is the one scripts wait for (`Ctrl-C stops the playground`). The admin token itself is
 * never printed (terminals are shared on screens and in scrollback): its file is.
 */
export interface BannerFacts {
  nodes: number;
  profile: string;
  apiserver: string;
  /** The apiserver's web dashboard. */
  dashboard: string;
  services: string;
  /** The cluster DNS addon's address (UDP and TCP). */
  dns: { host: string; port: number };
  kubeconfig: string;
  stateDir: string;
  /** The CA and the admin's token file, for curl and the dashboard's sign-in (relative to the repository, as stateDir). */
  caFile: string;
  adminTokenFile: string;
  /** The simulated cloud's instance list, and what its node pool and load balancers are; none without a pool. */
  cloud?: { instances: string; pool: string };
  /** Prometheus' URL when the launcher runs it; otherwise why not. */
  prometheus: { url: string } | { missing: string };
}

export function bannerLines(facts: BannerFacts): string[] {
  const rows: [string, string][] = [
    ['API server', facts.apiserver],
    ['Web dashboard', facts.dashboard],
    ['Services', `${facts.services}/<namespace>/<service>/`],
    ['Cluster DNS', `${facts.dns.host}:${facts.dns.port} (UDP and TCP, zone cluster.local)`],
    ...(facts.cloud ? [['Cloud', `${facts.cloud.instances} (${facts.cloud.pool})`] as [string, string]] : []),
    ['Prometheus', 'url' in facts.prometheus ? facts.prometheus.url : facts.prometheus.missing],
    ['Grafana', 'with docker compose: http://localhost:3000 (this launcher runs no Grafana)'],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const plural = facts.nodes === 1 ? 'node' : 'nodes';
  return [
    `Orchestra is up: ${facts.nodes} ${plural}, ${facts.profile} timings`,
    ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`),
    '',
    'Sign in to the web dashboard with a bearer token (kept in that browser tab only):',
    `  the admin's token is in ${facts.adminTokenFile}; a link that signs in at once:`,
    `  echo "${facts.dashboard}#token=$(cat ${facts.adminTokenFile})"`,
    `  (the browser does not know the playground's CA, ${facts.caFile}: accept its warning once, or trust that CA)`,
    '',
    'Try:',
    `  export KUBECONFIG=${facts.kubeconfig}`,
    '  kubectl get nodes',
    '  kubectl apply -f examples/web-app.yaml        # a web Deployment and its Service in namespace demo',
    `  curl ${facts.services}/demo/web/`,
    `  dig @${facts.dns.host} -p ${facts.dns.port} +short web.demo.svc.cluster.local   # its clusterIP, from the cluster DNS`,
    `  curl --cacert ${facts.caFile} -H "Authorization: Bearer $(cat ${facts.adminTokenFile})" \\`,
    `    -X POST '${facts.apiserver}/chaos/v1/pod-kill?namespace=demo&labelSelector=app=web'`,
    '  npm run demo                                  # every chaos action in turn, with a table',
    ...(facts.cloud
      ? [
          '  kubectl -n demo expose deploy web --name web-lb --type LoadBalancer --port 8088 --target-port 8080',
          '  kubectl -n demo get svc web-lb              # EXTERNAL-IP from the cloud; curl http://<it>:8088/',
        ]
      : []),
    '',
    `Ctrl-C stops the playground; its state is kept in ${facts.stateDir}/ (npm run reset wipes it).`,
  ];
}
