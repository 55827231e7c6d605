import { bannerLines } from './banner';

const facts = {
  nodes: 3,
  profile: 'playground',
  apiserver: 'https://127.0.0.1:8080',
  dashboard: 'https://127.0.0.1:8080/ui/',
  services: 'http://127.0.0.1:10090',
  dns: { host: '127.0.0.1', port: 10053 },
  kubeconfig: '/home/me/orchestra/.orchestra/kubeconfig',
  stateDir: '.orchestra',
  caFile: '.orchestra/pki/ca.crt',
  adminTokenFile: '.orchestra/tokens/admin.token',
  prometheus: { url: 'http://127.0.0.1:9090' },
};

describe(bannerLines.name, () => {
  it('lists every URL, the kubeconfig line, a sample and a chaos call, and ends with the stop line', () => {
    const lines = bannerLines(facts);
    expect(lines[0]).toBe('Orchestra is up: 3 nodes, playground timings');
    expect(lines).toContain('  API server     https://127.0.0.1:8080');
    expect(lines).toContain('  Web dashboard  https://127.0.0.1:8080/ui/');
    expect(lines).toContain('  Prometheus     http://127.0.0.1:9090');
    expect(lines).toContain('  Cluster DNS    127.0.0.1:10053 (UDP and TCP, zone cluster.local)');
    // How to query it: dig at the playground's port (53 would need root).
    expect(
      lines.some((l) => l.startsWith('  dig @127.0.0.1 -p 10053 +short web.demo.svc.cluster.local')),
    ).toBe(true);
    expect(lines).toContain('  export KUBECONFIG=/home/me/orchestra/.orchestra/kubeconfig');
    expect(lines.some((l) => l.startsWith('  kubectl apply -f examples/web-app.yaml'))).toBe(true);
    // As the admin, trusting the playground's CA.
    expect(lines).toContain(
      '  curl --cacert .orchestra/pki/ca.crt -H "Authorization: Bearer $(cat .orchestra/tokens/admin.token)" \\',
    );
    expect(lines).toContain(
      "    -X POST 'https://127.0.0.1:8080/chaos/v1/pod-kill?namespace=demo&labelSelector=app=web'",
    );
    expect(lines.at(-1)).toBe(
      'Ctrl-C stops the playground; its state is kept in .orchestra/ (npm run reset wipes it).',
    );
  });

  it('says how to sign in to the web dashboard: the admin token file and a link, never the token', () => {
    const lines = bannerLines(facts);
    const signIn = lines.indexOf(
      'Sign in to the web dashboard with a bearer token (kept in that browser tab only):',
    );
    expect(signIn).toBeGreaterThan(lines.indexOf('  Web dashboard  https://127.0.0.1:8080/ui/'));
    expect(lines.slice(signIn + 1, signIn + 4)).toEqual([
      "  the admin's token is in .orchestra/tokens/admin.token; a link that signs in at once:",
      '  echo "https://127.0.0.1:8080/ui/#token=$(cat .orchestra/tokens/admin.token)"',
      "  (the browser does not know the playground's CA, .orchestra/pki/ca.crt: accept its warning once, or trust that CA)",
    ]);
    expect(signIn).toBeLessThan(lines.indexOf('Try:'));
  });

  it('says why Prometheus is missing, and counts one node as one', () => {
    const lines = bannerLines({ ...facts, nodes: 1, prometheus: { missing: 'not installed' } });
    expect(lines[0]).toBe('Orchestra is up: 1 node, playground timings');
    expect(lines).toContain('  Prometheus     not installed');
  });

  it('shows the simulated cloud and a LoadBalancer Service to try when there is a node pool', () => {
    const cloud = { instances: 'http://127.0.0.1:10258/cloud/v1/instances', pool: '0 to 3 pool nodes' };
    const lines = bannerLines({ ...facts, cloud });
    expect(lines).toContain('  Cloud          http://127.0.0.1:10258/cloud/v1/instances (0 to 3 pool nodes)');
    expect(lines.some((l) => l.includes('--type LoadBalancer'))).toBe(true);
    expect(bannerLines(facts).some((l) => l.includes('Cloud'))).toBe(false);
  });
});
