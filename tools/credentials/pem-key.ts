/**
 * ECDSA P-256 key pairs through Node's WebCrypto (what @peculiar/x509 signs with), and their PEM
 * form: PKCS#8 `PRIVATE KEY`, which Node's TLS, createPrivateKey and the apiserver all read.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Typed for the DOM's Crypto, which this project's lib does not declare; Node's is the same API.
x509.cryptoProvider.set(webcrypto as never);

export const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export async function generateKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
}

export async function privateKeyToPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

/** The signing key of a PKCS#8 PEM private key made by `privateKeyToPem`. */
export async function importPrivateKeyPem(pem: string): Promise<webcrypto.CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  return webcrypto.subtle.importKey('pkcs8', der, keyAlgorithm, true, ['sign']);
}
