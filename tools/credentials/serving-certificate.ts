/**
 * The apiserver's serving certificate, signed by the playground's CA, for every name a client
 * may use to reach it: loopback, the compose service `apiserver`, the in-cluster
 * `kubernetes.default.svc…` names, and any extra DNS name or IP address asked for.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { CertificateAuthority, caSigningKey, serialNumber } from './certificate-authority';
import { generateKeyPair, keyAlgorithm, privateKeyToPem } from './pem-key';

/** kubeadm's apiserver names, plus loopback and the compose service. */
export const DEFAULT_APISERVER_NAMES = [
  'localhost',
  '127.0.0.1',
  '::1',
  'apiserver',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
] as const;

/** kubeadm's validity for the certificates it issues. */
export const SERVING_VALIDITY_DAYS = 365;
const DAY_MS = 86_400_000;

export interface ServingCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

/** The default names and the extra ones, each once: `['localhost', …, 'my-laptop', '10.0.0.5']`. */
export function apiserverNames(extra: readonly string[] = []): string[] {
  return [...new Set([...DEFAULT_APISERVER_NAMES, ...extra.map((n) => n.trim()).filter(Boolean)])];
}

export async function issueServingCertificate(
  ca: CertificateAuthority,
  names: readonly string[],
  now = new Date(),
  commonName = 'kube-apiserver',
): Promise<ServingCertificate> {
  const keys = await generateKeyPair();
  const issuer = new x509.X509Certificate(ca.certificatePem);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${commonName}`,
    issuer: issuer.subject,
    notBefore: new Date(now.getTime() - 3_600_000),
    notAfter: new Date(now.getTime() + SERVING_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: keyAlgorithm,
    publicKey: keys.publicKey,
    signingKey: await caSigningKey(ca),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((name) => (isIP(name) ? { type: 'ip', value: name } : { type: 'dns', value: name })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(issuer),
    ],
  });
  return {
    certificatePem: certificate.toString('pem') + '\n',
    privateKeyPem: await privateKeyToPem(keys.privateKey),
  };
}

/**
 * Why `serving` cannot be kept: not signed by `ca`, key and certificate apart, a wanted name
 * missing, or expiring within `renewWithinDays`; undefined when it can.
 */
export function servingCertificateProblem(
  serving: ServingCertificate,
  ca: CertificateAuthority,
  names: readonly string[],
  now: Date,
  renewWithinDays: number,
): string | undefined {
  try {
    const certificate = new X509Certificate(serving.certificatePem);
    if (!certificate.verify(new X509Certificate(ca.certificatePem).publicKey)) return 'not signed by the CA';
    if (!certificate.checkPrivateKey(createPrivateKey(serving.privateKeyPem)))
      return 'the key is not the certificate’s';
    if (Date.parse(certificate.validTo) - now.getTime() < renewWithinDays * DAY_MS)
      return `it expires within ${renewWithinDays} days (${certificate.validTo})`;
    const missing = names.filter((name) => !coversName(certificate, name));
    if (missing.length) return `it does not name ${missing.join(', ')}`;
    return undefined;
  } catch (error) {
    return `unreadable: ${(error as Error).message}`;
  }
}

/** Whether the certificate's SANs cover the host name or IP address `name` (no wildcards, no subject CN). */
export function coversName(certificate: X509Certificate, name: string): boolean {
  return isIP(name)
    ? certificate.checkIP(name) !== undefined
    : certificate.checkHost(name, { wildcards: false, subject: 'never' }) !== undefined;
}
