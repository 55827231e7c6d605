import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTokenFile } from '@orchestra/api';
import { readBearerToken, readNodeTokens } from '@orchestra/client';
import { parse } from 'yaml';
import { DEFAULT_APISERVER_NAMES } from './serving-certificate';
import { CredentialsOptions, ensureCredentials } from './ensure-credentials';

describe(ensureCredentials.name, () => {
  let dir: string;
  const options = (): CredentialsOptions => ({
    dir,
    nodes: ['node-9'],
    kubelets: { kubelet: ['node-1', 'node-2'], 'kubelet-b': ['node-3'] },
    extraNames: ['orchestra.example', '10.20.30.40'],
    kubeconfigs: [{ path: join(dir, 'kubeconfig'), serverUrl: 'https://localhost:8080' }],
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'orchestra-credentials-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a serving certificate that verifies against the CA for every default and extra name', async () => {
    const c = await ensureCredentials(options());
    const ca = new X509Certificate(readFileSync(c.caFile));
    const cert = new X509Certificate(readFileSync(c.tlsCertFile));
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    for (const name of [...DEFAULT_APISERVER_NAMES, 'orchestra.example', '10.20.30.40']) {
      const ok = /^[\d.]+$|:/.test(name) ? cert.checkIP(name) : cert.checkHost(name, { subject: 'never' });
      expect([name, ok]).toEqual([name, expect.any(String)]);
    }
    expect(cert.checkHost('elsewhere.example')).toBeUndefined();
    // The CA lasts about ten years, the serving certificate a year.
    const years = (x: X509Certificate) => (Date.parse(x.validTo) - Date.now()) / (365 * 86_400_000);
    expect(years(ca)).toBeGreaterThan(9.9);
    expect(years(cert)).toBeGreaterThan(0.9);
  });

  it('serves TLS that a client trusting only the CA accepts, on localhost, 127.0.0.1 and ::1', async () => {
    const c = await ensureCredentials(options());
    const server = createServer(
      { cert: readFileSync(c.tlsCertFile), key: readFileSync(c.tlsPrivateKeyFile) },
      (_req, res) => res.end('ok'),
    ).listen(0, '::');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      for (const host of ['localhost', '127.0.0.1', '[::1]']) {
        const body = await new Promise<string>((done, fail) =>
          get(`https://${host}:${port}/`, { ca: c.caPem }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d));
            res.on('end', () => done(text));
          }).on('error', fail),
        );
        expect([host, body]).toEqual([host, 'ok']);
      }
    } finally {
      server.close();
    }
  });

  it('keeps secrets readable by their owner only', async () => {
    const c = await ensureCredentials(options());
    const secrets = [
      join(dir, 'pki', 'ca.key'),
      c.tlsPrivateKeyFile,
      c.serviceAccountKeyFile,
      c.tokenAuthFile,
      ...Object.values(c.tokenFiles),
      ...Object.values(c.nodeTokensFiles),
      join(dir, 'kubeconfig'),
    ];
    for (const file of secrets) expect([file, statSync(file).mode & 0o777]).toEqual([file, 0o600]);
    expect(statSync(c.caFile).mode & 0o777).toBe(0o644);
  });

  it('writes a token file the apiserver parses, with every identity, and one token file per component', async () => {
    const c = await ensureCredentials(options());
    const entries = parseTokenFile(readFileSync(c.tokenAuthFile, 'utf8'));
    expect(entries.map((e) => [e.username, e.groups])).toEqual([
      ['orchestra-admin', ['system:masters']],
      ['system:kube-scheduler', []],
      ['system:kube-controller-manager', []],
      ['system:kube-proxy', []],
      ['system:kube-state-metrics', []],
      ['system:cloud-controller-manager', []],
      ['system:prometheus', []],
      [
        'system:serviceaccount:kube-system:coredns',
        ['system:serviceaccounts', 'system:serviceaccounts:kube-system'],
      ],
      ['system:node:node-9', ['system:nodes']],
      ['system:node:node-1', ['system:nodes']],
      ['system:node:node-2', ['system:nodes']],
      ['system:node:node-3', ['system:nodes']],
    ]);
    for (const e of entries) expect(e.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(entries.map((e) => e.token)).size).toBe(entries.length);
    const tokenOf = (user: string) => entries.find((e) => e.username === user)!.token;
    expect(readBearerToken(c.tokenFiles.scheduler)).toBe(tokenOf('system:kube-scheduler'));
    expect(readBearerToken(c.tokenFiles.prometheus)).toBe(tokenOf('system:prometheus'));
    expect(c.adminToken).toBe(tokenOf('orchestra-admin'));
    expect(Object.keys(c.tokenFiles).sort()).toEqual(
      [
        'admin',
        'controller-manager',
        'kube-state-metrics',
        'prometheus',
        'proxy',
        'scheduler',
        'coredns',
        'cloud-controller-manager',
      ].sort(),
    );
    expect(readNodeTokens(c.nodeTokensFiles.kubelet)).toEqual(
      new Map([
        ['node-1', tokenOf('system:node:node-1')],
        ['node-2', tokenOf('system:node:node-2')],
      ]),
    );
    expect([...readNodeTokens(c.nodeTokensFiles['kubelet-b']).keys()]).toEqual(['node-3']);
  });

  it('writes the admin kubeconfig with the CA and the admin token', async () => {
    const c = await ensureCredentials(options());
    const config = parse(readFileSync(join(dir, 'kubeconfig'), 'utf8'));
    expect(config['current-context']).toBe('orchestra');
    const cluster = config.clusters[0].cluster;
    expect(cluster.server).toBe('https://localhost:8080');
    expect(Buffer.from(cluster['certificate-authority-data'], 'base64').toString()).toBe(c.caPem);
    expect(config.users[0]).toEqual({ name: 'orchestra-admin', user: { token: c.adminToken } });
    expect(config.contexts[0].context).toMatchObject({ cluster: 'orchestra', user: 'orchestra-admin' });
  });

  // Changing a file's owner needs root, as compose's init service runs.
  (process.getuid?.() === 0 ? it : it.skip)(
    'gives the components their files and Prometheus its token, keeping the CA key and admin token (as root)',
    async () => {
      const c = await ensureCredentials({
        ...options(),
        owner: { uid: 4321, gid: 4321 },
        prometheusOwner: { uid: 65534, gid: 65534 },
      });
      const uid = (file: string) => statSync(file).uid;
      for (const file of [
        c.tlsPrivateKeyFile,
        c.tokenAuthFile,
        c.tokenFiles.scheduler,
        c.nodeTokensFiles.kubelet,
      ])
        expect([file, uid(file)]).toEqual([file, 4321]);
      expect(uid(c.tokenFiles.prometheus)).toBe(65534);
      expect(uid(join(dir, 'pki', 'ca.key'))).toBe(0);
      expect(uid(c.tokenFiles.admin)).toBe(0);
    },
  );

  it('makes the directories of a kubeconfig elsewhere, owned like the directory named', async () => {
    const path = join(dir, 'host', '.orchestra', 'compose', 'kubeconfig');
    await ensureCredentials({
      dir,
      kubeconfigs: [{ path, serverUrl: 'https://localhost:8080', owner: { of: dir } }],
    });
    const { uid } = statSync(dir);
    for (const made of [join(dir, 'host'), join(dir, 'host', '.orchestra', 'compose'), path])
      expect([made, statSync(made).uid]).toEqual([made, uid]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps everything on a second run, and adds only what is newly wanted', async () => {
    const first = await ensureCredentials(options());
    const read = (f: string) => readFileSync(f, 'utf8');
    const before = [first.caFile, first.tlsCertFile, first.serviceAccountKeyFile].map(read);
    const tokensBefore = parseTokenFile(read(first.tokenAuthFile));
    // A line added by hand survives.
    writeFileSync(first.tokenAuthFile, read(first.tokenAuthFile) + 'hand-made-token,alice,,"dev"\n');

    const second = await ensureCredentials({ ...options(), nodes: ['node-9', 'node-10'] });
    expect(second.changes).toEqual(['tokens for system:node:node-10']);
    expect([second.caFile, second.tlsCertFile, second.serviceAccountKeyFile].map(read)).toEqual(before);
    const tokensAfter = parseTokenFile(read(second.tokenAuthFile));
    expect(tokensAfter.slice(0, tokensBefore.length)).toEqual(tokensBefore);
    expect(tokensAfter.map((e) => e.username).slice(tokensBefore.length)).toEqual([
      'alice',
      'system:node:node-10',
    ]);
    expect(second.adminToken).toBe(first.adminToken);
  });

  it('reissues the serving certificate for a new name, keeping the CA', async () => {
    const first = await ensureCredentials(options());
    const caPem = first.caPem;
    const second = await ensureCredentials({ ...options(), extraNames: ['other.example'] });
    expect(second.changes).toEqual([
      expect.stringMatching(/^apiserver serving certificate .*other\.example/),
    ]);
    expect(second.caPem).toBe(caPem);
    expect(new X509Certificate(readFileSync(second.tlsCertFile)).checkHost('other.example')).toBe(
      'other.example',
    );
  });

  it('renews a serving certificate expiring within 30 days, and a broken CA with everything it signed', async () => {
    const first = await ensureCredentials(options());
    const inElevenMonths = new Date(Date.now() + 340 * 86_400_000);
    const renewed = await ensureCredentials({ ...options(), now: inElevenMonths });
    expect(renewed.changes).toEqual([
      expect.stringMatching(/^apiserver serving certificate .*expires within 30 days/),
    ]);

    writeFileSync(join(dir, 'pki', 'ca.key'), 'not a key');
    const third = await ensureCredentials(options());
    expect(third.changes).toEqual([
      expect.stringMatching(/^CA /),
      expect.stringMatching(/^apiserver serving/),
    ]);
    expect(third.caPem).not.toBe(first.caPem);
    const cert = new X509Certificate(readFileSync(third.tlsCertFile));
    expect(cert.verify(new X509Certificate(third.caPem).publicKey)).toBe(true);
  });
});
