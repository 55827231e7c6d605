import { ConfigError } from '@orchestra/observability';
import { isLoopbackAddress, servingTls } from './serving-tls';

describe(servingTls.name, () => {
  const files: Record<string, string> = { '/pki/apiserver.crt': 'CERT', '/pki/apiserver.key': 'KEY' };
  const readFile = (path: string) => {
    if (!(path in files)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return Buffer.from(files[path]);
  };
  const tls = { tlsCertFile: '/pki/apiserver.crt', tlsPrivateKeyFile: '/pki/apiserver.key' };

  it('serves HTTPS with both files, on any address', () => {
    for (const bindAddress of ['0.0.0.0', '127.0.0.1', '::'])
      expect(servingTls({ bindAddress, ...tls }, readFile)).toEqual({
        cert: Buffer.from('CERT'),
        key: Buffer.from('KEY'),
      });
  });

  it('serves plain HTTP without TLS files on loopback only', () => {
    for (const bindAddress of ['127.0.0.1', '127.0.0.2', '::1', 'localhost', '[::1]', '::ffff:127.0.0.1'])
      expect([bindAddress, servingTls({ bindAddress }, readFile)]).toEqual([bindAddress, undefined]);
    for (const bindAddress of ['0.0.0.0', '::', '10.0.0.5', 'apiserver', '::ffff:10.0.0.1']) {
      expect(() => servingTls({ bindAddress }, readFile)).toThrow(ConfigError);
      expect(() => servingTls({ bindAddress }, readFile)).toThrow(
        /BIND_ADDRESS: .* set TLS_CERT_FILE and TLS_PRIVATE_KEY_FILE/,
      );
    }
  });

  it('names the missing variable when only one file is set', () => {
    expect(() => servingTls({ bindAddress: '127.0.0.1', tlsCertFile: tls.tlsCertFile }, readFile)).toThrow(
      /TLS_PRIVATE_KEY_FILE: set it too/,
    );
    expect(() =>
      servingTls({ bindAddress: '127.0.0.1', tlsPrivateKeyFile: tls.tlsPrivateKeyFile }, readFile),
    ).toThrow(/TLS_CERT_FILE: set it too/);
  });

  it('names the variable whose file cannot be read', () => {
    expect(() =>
      servingTls({ bindAddress: '0.0.0.0', ...tls, tlsPrivateKeyFile: '/pki/missing.key' }, readFile),
    ).toThrow(/TLS_PRIVATE_KEY_FILE: cannot read \/pki\/missing\.key: ENOENT/);
  });
});

describe(isLoopbackAddress.name, () => {
  it('knows loopback from the rest', () => {
    expect(
      ['127.0.0.1', '127.255.0.9', '::1', '0:0:0:0:0:0:0:1', 'LOCALHOST'].map(isLoopbackAddress),
    ).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '::', '128.0.0.1', 'example.org', ''].map(isLoopbackAddress)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
