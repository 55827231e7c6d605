/**
 * The playground's own certificate authority (kubeadm's `ca.crt`/`ca.key`): a self-signed ECDSA
 * P-256 certificate valid for ten years. It signs the apiserver's serving certificate; clients
 * trust it through the kubeconfig's certificate-authority-data or NODE_EXTRA_CA_CERTS.
 */
import { createPrivateKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { generateKeyPair, importPrivateKeyPem, keyAlgorithm, privateKeyToPem } from './pem-key';

export const CA_VALIDITY_DAYS = 3650;
const DAY_MS = 86_400_000;

export interface CertificateAuthority {
  certificatePem: string;
  privateKeyPem: string;
}

export async function createCertificateAuthority(
  now = new Date(),
  commonName = 'orchestra-ca',
): Promise<CertificateAuthority> {
  const keys = await generateKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${commonName}`,
    // An hour back: a client whose clock is a little behind still accepts it.
    notBefore: new Date(now.getTime() - 3_600_000),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: keyAlgorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    certificatePem: certificate.toString('pem') + '\n',
    privateKeyPem: await privateKeyToPem(keys.privateKey),
  };
}

/** The CA's signing key, for issuing certificates. */
export function caSigningKey(ca: CertificateAuthority): Promise<webcrypto.CryptoKey> {
  return importPrivateKeyPem(ca.privateKeyPem);
}

/** Why `ca` cannot be kept (unreadable, key and certificate apart, not a CA, expiring), or undefined when it can. */
export function certificateAuthorityProblem(
  ca: CertificateAuthority,
  now: Date,
  renewWithinDays: number,
): string | undefined {
  try {
    const certificate = new X509Certificate(ca.certificatePem);
    if (!certificate.ca) return 'the certificate is not a CA';
    if (!certificate.checkPrivateKey(createPrivateKey(ca.privateKeyPem)))
      return 'the key is not the certificate’s';
    if (Date.parse(certificate.validTo) - now.getTime() < renewWithinDays * DAY_MS)
      return `it expires within ${renewWithinDays} days (${certificate.validTo})`;
    return undefined;
  } catch (error) {
    return `unreadable: ${(error as Error).message}`;
  }
}

/** A positive 128-bit serial number, in hex (RFC 5280 allows up to 20 octets). */
export function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return bytes.toString('hex');
}
