import type { ConfigMap, Pod, Secret, Volume } from '@orchestra/api';
import type { VolumeFiles } from '../runtime/mounted-files';
import type { ConfigObjects } from './config-objects';
import { DEFAULT_FILE_MODE, podVolumeFiles, volumeFiles, VolumeMountError } from './volume-files';

const html: ConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'html', namespace: 'demo' },
  data: { 'index.html': '<h1>hi</h1>', 'style.css': 'h1 {}' },
  binaryData: { 'logo.png': Buffer.from([0x89, 0x50]).toString('base64') },
};
const tls: Secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'tls', namespace: 'demo' },
  type: 'kubernetes.io/tls',
  data: {
    'tls.crt': Buffer.from('CERT').toString('base64'),
    'tls.key': Buffer.from('KEY').toString('base64'),
  },
};
const objects: ConfigObjects = {
  namespace: 'demo',
  configMaps: new Map([
    ['html', html],
    ['gone', null],
  ]),
  secrets: new Map([['tls', tls]]),
  readAt: 0,
};
const text = (files: VolumeFiles | undefined) =>
  Object.fromEntries(
    [...(files ?? new Map())].map(([p, f]) => [p, [f.data.toString('utf8'), f.mode.toString(8)]]),
  );
const mountError = (volume: Volume) => {
  try {
    volumeFiles(volume, objects);
  } catch (error) {
    expect(error).toBeInstanceOf(VolumeMountError);
    return (error as Error).message;
  }
  throw new Error('expected a VolumeMountError');
};

describe(volumeFiles.name, () => {
  it('a configMap volume: every key of data and binaryData as a file, mode 0644', () => {
    const files = volumeFiles({ name: 'v', configMap: { name: 'html' } }, objects)!;
    expect([...files.keys()].sort()).toEqual(['index.html', 'logo.png', 'style.css']);
    expect(files.get('logo.png')!.data).toEqual(Buffer.from([0x89, 0x50]));
    expect(files.get('index.html')!.mode).toBe(DEFAULT_FILE_MODE);
  });

  it('items: only the listed keys, at their paths, with their mode or defaultMode', () => {
    const files = volumeFiles(
      {
        name: 'v',
        secret: {
          secretName: 'tls',
          defaultMode: 0o400,
          items: [
            { key: 'tls.crt', path: 'certs/server.crt' },
            { key: 'tls.key', path: './certs/server.key', mode: 0o600 },
          ],
        },
      },
      objects,
    );
    expect(text(files)).toEqual({ 'certs/server.crt': ['CERT', '400'], 'certs/server.key': ['KEY', '600'] });
  });

  it('projected: the sources merged into one volume', () => {
    const files = volumeFiles(
      {
        name: 'v',
        projected: {
          sources: [
            { configMap: { name: 'html', items: [{ key: 'index.html', path: 'site/index.html' }] } },
            { secret: { name: 'tls', items: [{ key: 'tls.crt', path: 'tls.crt' }] } },
            { secret: { name: 'absent', optional: true } },
          ],
        },
      },
      objects,
    );
    expect(text(files)).toEqual({ 'site/index.html': ['<h1>hi</h1>', '644'], 'tls.crt': ['CERT', '644'] });
  });

  it('fails the mount as the kubelet says, unless optional', () => {
    expect(mountError({ name: 'v', configMap: { name: 'gone' } })).toBe(
      'MountVolume.SetUp failed for volume "v" : configmap "gone" not found',
    );
    expect(mountError({ name: 's', secret: { secretName: 'absent' } })).toBe(
      'MountVolume.SetUp failed for volume "s" : secret "absent" not found',
    );
    expect(mountError({ name: 'v', configMap: { name: 'html', items: [{ key: 'x', path: 'x' }] } })).toBe(
      'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: x',
    );
    expect(text(volumeFiles({ name: 'v', configMap: { name: 'gone', optional: true } }, objects))).toEqual(
      {},
    );
    expect(
      text(
        volumeFiles(
          { name: 'v', configMap: { name: 'html', optional: true, items: [{ key: 'x', path: 'x' }] } },
          objects,
        ),
      ),
    ).toEqual({});
  });

  it('emptyDir starts empty; volume kinds it does not simulate have no files', () => {
    expect(volumeFiles({ name: 'e', emptyDir: {} }, objects)?.size).toBe(0);
    const pod = {
      metadata: { name: 'p', namespace: 'demo' },
      spec: {
        containers: [],
        volumes: [{ name: 'h', hostPath: { path: '/' } } as Volume, { name: 'e', emptyDir: {} }],
      },
    } as Pod;
    expect([...podVolumeFiles(pod, objects).keys()]).toEqual(['e']);
  });
});
