import { formatFieldError } from '../errors';
import { validatePod } from './pod.validation';

const pod = (spec: Record<string, unknown>, container: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx', ...container }], ...spec },
});
const messages = (p: ReturnType<typeof pod>) => validatePod(p).map(formatFieldError);

describe('pod volumes, volumeMounts and envFrom', () => {
  it('accepts configMap, secret, projected and emptyDir volumes mounted by name', () => {
    expect(
      messages(
        pod(
          {
            volumes: [
              {
                name: 'html',
                configMap: { name: 'site', items: [{ key: 'index.html', path: 'a/index.html' }] },
              },
              { name: 'creds', secret: { secretName: 'db', defaultMode: 0o400, optional: true } },
              {
                name: 'all',
                projected: { sources: [{ configMap: { name: 'site' } }, { secret: { name: 'db' } }] },
              },
              { name: 'scratch', emptyDir: {} },
            ],
          },
          {
            volumeMounts: [
              { name: 'html', mountPath: '/usr/share/nginx/html', readOnly: true },
              { name: 'creds', mountPath: '/etc/creds/password', subPath: 'password' },
            ],
            envFrom: [{ configMapRef: { name: 'site' } }, { prefix: 'DB_', secretRef: { name: 'db' } }],
          },
        ),
      ),
    ).toEqual([]);
  });

  it('names each bad field as Kubernetes does', () => {
    expect(
      messages(
        pod(
          {
            volumes: [
              { name: 'html', configMap: { name: 'site', items: [{ key: 'k', path: '../escape' }] } },
              { name: 'html', secret: {} },
              { name: 'both', emptyDir: {}, configMap: { name: 'x' } },
              { name: 'none' },
              { name: 'mode', configMap: { name: 'x', defaultMode: 0o1777 } },
            ],
          },
          {
            volumeMounts: [
              { name: 'missing', mountPath: '/a' },
              { name: 'html', mountPath: '/a' },
              { name: 'html', mountPath: '/b', subPath: '/abs' },
            ],
            envFrom: [{ prefix: '1X', configMapRef: { name: 'site' } }, {}],
          },
        ),
      ),
    ).toEqual([
      'spec.volumes[0].configMap.items[0].path: Invalid value: "../escape": must not contain \'..\'',
      'spec.volumes[1].name: Duplicate value: "html"',
      'spec.volumes[1].secret.secretName: Required value',
      'spec.volumes[2].configMap: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[3]: Required value: must specify a volume type',
      'spec.volumes[4].configMap.defaultMode: Invalid value: 1023: must be a number between 0 and 0777 (octal), both inclusive',
      expect.stringMatching(/^spec\.containers\[0\]\.envFrom\[0\]\.prefix: Invalid value: "1X"/),
      'spec.containers[0].envFrom[1]: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
      'spec.containers[0].volumeMounts[0].name: Not found: "missing"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
      'spec.containers[0].volumeMounts[2].subPath: Invalid value: "/abs": must be a relative path',
    ]);
  });
});
