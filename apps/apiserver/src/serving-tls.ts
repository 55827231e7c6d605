/**
 * How the apiserver serves: HTTPS with TLS_CERT_FILE and TLS_PRIVATE_KEY_FILE (kube-apiserver's
 * --tls-cert-file, --tls-private-key-file), or plain HTTP, which carries bearer tokens in the
 * clear and so is allowed on a loopback BIND_ADDRESS only.
 */
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { ConfigError } from '@orchestra/observability';

export interface ServingTlsSettings {
  bindAddress: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
}

/** The key and certificate for Nest's `httpsOptions`. */
export interface HttpsKeyPair {
  key: Buffer;
  cert: Buffer;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 (also IPv4-mapped, and in brackets) and `localhost`: addresses no other machine reaches. */
export function isLoopbackAddress(address: string): boolean {
  const host = address
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)?.[1];
  const ip = mapped ?? host;
  const family = isIP(ip);
  return family !== 0 && loopback.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The files' contents when TLS is configured; undefined for plain HTTP on loopback. Fails with
 * the variable's name when only one of the two is set, a file cannot be read, or plain HTTP
 * would listen beyond loopback.
 */
export function servingTls(
  settings: ServingTlsSettings,
  readFile: (path: string) => Buffer = (path) => readFileSync(path),
): HttpsKeyPair | undefined {
  const { tlsCertFile, tlsPrivateKeyFile, bindAddress } = settings;
  if (!tlsCertFile && !tlsPrivateKeyFile) {
    if (isLoopbackAddress(bindAddress)) return undefined;
    throw new ConfigError([
      `BIND_ADDRESS: ${bindAddress} is not a loopback address, and without TLS the apiserver would take ` +
        'bearer tokens in plain HTTP: set TLS_CERT_FILE and TLS_PRIVATE_KEY_FILE (npm start and docker compose ' +
        'generate them), or bind to 127.0.0.1',
    ]);
  }
  if (!tlsCertFile || !tlsPrivateKeyFile)
    throw new ConfigError([
      `${tlsCertFile ? 'TLS_PRIVATE_KEY_FILE' : 'TLS_CERT_FILE'}: set it too, or neither (TLS needs the certificate and its key)`,
    ]);
  const read = (variable: string, path: string) => {
    try {
      return readFile(path);
    } catch (error) {
      throw new ConfigError([`${variable}: cannot read ${path}: ${(error as Error).message}`]);
    }
  };
  return { cert: read('TLS_CERT_FILE', tlsCertFile), key: read('TLS_PRIVATE_KEY_FILE', tlsPrivateKeyFile) };
}
