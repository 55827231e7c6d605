import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigFor } from '../launcher/kubeconfig';
import { demoCredentials, kubeconfigCredentials } from './demo-credentials';

describe(demoCredentials.name, () => {
  const kubeconfig = kubeconfigFor('https://127.0.0.1:8080', {
    certificateAuthorityPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    token: 'admin-token',
  });
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'orchestra-demo-credentials-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the server, token and CA of the playground kubeconfig', () => {
    expect(kubeconfigCredentials(kubeconfig)).toEqual({
      server: 'https://127.0.0.1:8080',
      token: 'admin-token',
      caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    });
  });

  it('prefers KUBECONFIG to the state directory’s, and APISERVER_TOKEN_FILE to its token', () => {
    writeFileSync(join(dir, 'compose'), kubeconfig);
    writeFileSync(join(dir, 'token'), 'other-token\n');
    expect(demoCredentials({ KUBECONFIG: join(dir, 'compose') }, join(dir, 'missing')).token).toBe(
      'admin-token',
    );
    expect(
      demoCredentials({ KUBECONFIG: join(dir, 'compose'), APISERVER_TOKEN_FILE: join(dir, 'token') }, '/x')
        .token,
    ).toBe('other-token');
    expect(demoCredentials({}, join(dir, 'missing'))).toEqual({});
  });
});
