/**
 * The real kubectl against a test apiserver that serves plain HTTP (the in-process harness's):
 * kubectl sends no credentials over plain HTTP (client-go reads the kubeconfig's user only for
 * an https server, kubernetes/kubectl#744), so with authentication on it would be anonymous.
 * The session talks to the apiserver through a TLS terminator on loopback instead, with a test
 * CA in its kubeconfig and the admin's token, as `npm start` writes the admin's kubeconfig. The
 * terminator forwards the decrypted byte stream as is, so watches, streamed logs and upgrades
 * (exec, port-forward) pass through unchanged.
 */
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { createCertificateAuthority, type CertificateAuthority } from '../credentials/certificate-authority';
import { issueServingCertificate, type ServingCertificate } from '../credentials/serving-certificate';
import { KubeconfigAuth } from '../launcher/kubeconfig';
import { adminTokenOf } from './apiserver-harness';
import { KubectlSession, kubectlSession } from './kubectl-session';

export interface TlsFront {
  /** `https://127.0.0.1:<port>`, forwarding to the target. */
  url: string;
  /** PEM of the CA that signed the front's certificate. */
  caPem: string;
  close(): Promise<void>;
}

/** One CA and loopback serving certificate per test process: generating them takes a while. */
let credentials: Promise<{ ca: CertificateAuthority; serving: ServingCertificate }> | undefined;

function testTls(): Promise<{ ca: CertificateAuthority; serving: ServingCertificate }> {
  credentials ??= (async () => {
    const ca = await createCertificateAuthority(new Date(), 'orchestra-test-ca');
    return { ca, serving: await issueServingCertificate(ca, ['127.0.0.1', 'localhost']) };
  })();
  return credentials;
}

/** HTTPS on a free loopback port in front of the plain-HTTP server at `target`. */
export async function tlsFront(target: string): Promise<TlsFront> {
  const { hostname, port } = new URL(target);
  const { ca, serving } = await testTls();
  const sockets = new Set<Socket>();
  const server: Server = createServer(
    { cert: serving.certificatePem, key: serving.privateKeyPem },
    (client) => {
      const upstream = connect(Number(port), hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
      }
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caPem: ca.certificatePem,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * `kubectlSession` through a TLS front of the apiserver at `serverUrl`: by default as the admin
 * of that test apiserver; `auth.token` (and `auth.user`) for another user. `close` stops the front.
 */
export async function tlsKubectlSession(
  kubectlPath: string,
  serverUrl: string,
  timeoutMs = 30_000,
  auth: Omit<KubeconfigAuth, 'certificateAuthorityPem'> = { token: adminTokenOf(serverUrl) },
): Promise<KubectlSession & { url: string }> {
  const front = await tlsFront(serverUrl);
  const session = kubectlSession(kubectlPath, front.url, timeoutMs, {
    ...auth,
    certificateAuthorityPem: front.caPem,
  });
  return {
    ...session,
    url: front.url,
    close() {
      session.close();
      return front.close();
    },
  };
}
