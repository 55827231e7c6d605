/**
 * The key pair that signs and checks ServiceAccount tokens (kube-apiserver's
 * --service-account-signing-key-file and --service-account-key-file in one): from a PEM file, or
 * made at start when none is configured, in which case tokens are valid only until a restart.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** RS256 for RSA keys, ES256 / ES384 for EC keys, as Kubernetes picks. */
  algorithm: 'RS256' | 'ES256' | 'ES384';
  /** False when made at start. */
  persistent: boolean;
}

export function loadSigningKey(path: string | undefined): SigningKey {
  if (!path) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { privateKey, publicKey, algorithm: 'ES256', persistent: false };
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(path));
  } catch (error) {
    throw new Error(
      `SERVICE_ACCOUNT_KEY_FILE: cannot read a PEM private key from ${path}: ${(error as Error).message}`,
    );
  }
  return {
    privateKey,
    publicKey: createPublicKey(privateKey),
    algorithm: algorithmOf(privateKey, path),
    persistent: true,
  };
}

function algorithmOf(key: KeyObject, path: string): SigningKey['algorithm'] {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ES256';
    if (curve === 'secp384r1') return 'ES384';
  }
  throw new Error(
    `SERVICE_ACCOUNT_KEY_FILE: ${path}: use an RSA key or an EC key on P-256 or P-384 (got ${key.asymmetricKeyType})`,
  );
}
