/**
 * The key that signs ServiceAccount tokens (SERVICE_ACCOUNT_KEY_FILE, kube-apiserver's
 * --service-account-signing-key-file): an ECDSA P-256 private key in PEM, which the apiserver
 * signs ES256 tokens with. Kept across runs, so tokens already handed out stay valid.
 */
import { createPrivateKey } from 'node:crypto';
import { generateKeyPair, privateKeyToPem } from './pem-key';

export async function createServiceAccountKey(): Promise<string> {
  return privateKeyToPem((await generateKeyPair()).privateKey);
}

/** Why the PEM cannot be kept (unreadable, not a P-256 or RSA key), or undefined when it can. */
export function serviceAccountKeyProblem(pem: string): string | undefined {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType === 'rsa') return undefined;
    if (
      key.asymmetricKeyType === 'ec' &&
      ['prime256v1', 'secp384r1'].includes(key.asymmetricKeyDetails?.namedCurve ?? '')
    )
      return undefined;
    return `a ${key.asymmetricKeyType} key, not RSA or EC P-256/P-384`;
  } catch (error) {
    return `unreadable: ${(error as Error).message}`;
  }
}
