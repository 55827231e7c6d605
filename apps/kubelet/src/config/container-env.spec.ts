import type { ConfigMap, Container, Secret } from '@orchestra/api';
import type { ConfigObjects } from './config-objects';
import { ContainerConfigError } from './container-config-error';
import { containerEnv, expand, skippedKeysMessage } from './container-env';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const cm = (name: string, data: Record<string, string>): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'demo' },
  data,
});
const secret = (name: string, data: Record<string, string>): Secret => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'demo' },
  type: 'Opaque',
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
});
const objects = (configMaps: ConfigMap[] = [], secrets: Secret[] = []): ConfigObjects => ({
  namespace: 'demo',
  configMaps: new Map(configMaps.map((c) => [c.metadata.name!, c])),
  secrets: new Map(secrets.map((s) => [s.metadata.name!, s])),
  readAt: 0,
});
const resolve = (spec: Pick<Container, 'env' | 'envFrom'>, o = objects()) =>
  containerEnv(spec, o, { HOSTNAME: 'web-0' }, { 'metadata.name': 'web-0', 'status.podIP': '10.244.1.5' });
const failure = (spec: Pick<Container, 'env' | 'envFrom'>, o = objects()) => {
  try {
    resolve(spec, o);
  } catch (error) {
    expect(error).toBeInstanceOf(ContainerConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ContainerConfigError');
};

describe(containerEnv.name, () => {
  const settings = cm('settings', { MODE: 'fast', 'log.level': 'debug', '1bad': 'x', 'has space': 'y' });
  const db = secret('db', { password: 's3cret', user: 'admin' });

  it('takes configMapKeyRef and secretKeyRef values (secrets decoded), literal values and fields', () => {
    const { env } = resolve(
      {
        env: [
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'URL', value: 'http://$(POD):$(PORT)/$(MODE)' },
          { name: 'DOLLAR', value: '$$(MODE)' },
        ],
      },
      objects([settings], [db]),
    );
    expect(env).toEqual({
      HOSTNAME: 'web-0',
      MODE: 'fast',
      DB_PASSWORD: 's3cret',
      POD: 'web-0',
      URL: 'http://web-0:$(PORT)/fast',
      DOLLAR: '$(MODE)',
    });
  });

  it('envFrom: every key, prefixed, env winning over it; keys that are not variable names skipped', () => {
    const { env, skipped } = resolve(
      {
        envFrom: [{ configMapRef: { name: 'settings' } }, { prefix: 'DB_', secretRef: { name: 'db' } }],
        env: [{ name: 'MODE', value: 'slow' }],
      },
      objects([settings], [db]),
    );
    expect(env).toEqual({
      HOSTNAME: 'web-0',
      MODE: 'slow',
      'log.level': 'debug',
      DB_password: 's3cret',
      DB_user: 'admin',
    });
    expect(skipped).toEqual([{ kind: 'configMap', source: 'demo/settings', keys: ['1bad', 'has space'] }]);
    expect(skippedKeysMessage(skipped[0])).toBe(
      'Keys [1bad, has space] from the EnvFrom configMap demo/settings were skipped since they are considered invalid environment variable names.',
    );
  });

  it('fails with the kubelet’s messages for a missing object or key', () => {
    const ref = (key: string, name = 'settings') => ({
      env: [{ name: 'X', valueFrom: { configMapKeyRef: { name, key } } }],
    });
    expect(failure(ref('MODE', 'absent'))).toBe('configmap "absent" not found');
    expect(failure(ref('nope'), objects([settings]))).toBe(
      "couldn't find key nope in ConfigMap demo/settings",
    );
    expect(failure({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'x' } } }] })).toBe(
      'secret "db" not found',
    );
    expect(
      failure(
        { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'x' } } }] },
        objects([], [db]),
      ),
    ).toBe("couldn't find key x in Secret demo/db");
    expect(failure({ envFrom: [{ configMapRef: { name: 'absent' } }] })).toBe('configmap "absent" not found');
    expect(failure({ envFrom: [{ secretRef: { name: 'absent' } }] })).toBe('secret "absent" not found');
  });

  it('leaves out what is optional and missing', () => {
    const { env } = resolve(
      {
        envFrom: [{ configMapRef: { name: 'absent', optional: true } }],
        env: [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k', optional: true } } },
          { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'k', optional: true } } },
          { name: 'C', valueFrom: { secretKeyRef: { name: 'db', key: 'k', optional: true } } },
        ],
      },
      objects([settings], [db]),
    );
    expect(env).toEqual({ HOSTNAME: 'web-0' });
  });

  it('expand: only defined variables, $$ escapes', () => {
    expect(expand('$(A)-$(B)-$$-$$(A)', { A: '1' })).toBe('1-$(B)-$-$(A)');
  });
});
