/**
 * The files of a pod's configMap, secret and projected volumes (Kubernetes' configmap, secret
 * and projected volume plugins): every key of the object as a file named after it, or only the
 * `items` listed, at their `path`; file modes from `mode`, else `defaultMode` (0644). A missing
 * object or listed key that is not `optional` fails the mount (the pod stays ContainerCreating,
 * FailedMount events). emptyDir volumes start empty. Pure: the objects are read beforehand.
 */
import type { KeyToPath, Pod, Volume } from '@orchestra/api';
import type { VolumeFile, VolumeFiles } from '../runtime/mounted-files';
import type { ConfigObjects } from './config-objects';

export const DEFAULT_FILE_MODE = 0o644;

export class VolumeMountError extends Error {
  override name = 'VolumeMountError';

  constructor(
    readonly volume: string,
    detail: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${detail}`);
  }
}

/** The files of every volume the kubelet fills, by volume name. */
export function podVolumeFiles(pod: Pod, objects: ConfigObjects): Map<string, VolumeFiles> {
  const volumes = new Map<string, VolumeFiles>();
  for (const volume of pod.spec.volumes ?? []) {
    const files = volumeFiles(volume, objects);
    if (files) volumes.set(volume.name, files);
  }
  return volumes;
}

/** undefined for a volume kind the kubelet does not simulate (hostPath, PVCs, …). */
export function volumeFiles(volume: Volume, objects: ConfigObjects): VolumeFiles | undefined {
  const files = new Map<string, VolumeFile>();
  if (volume.configMap) {
    const { name, items, defaultMode = DEFAULT_FILE_MODE, optional } = volume.configMap;
    project(
      files,
      volume.name,
      configMapEntries(objects, name),
      'configmap',
      name,
      items,
      defaultMode,
      optional,
    );
  } else if (volume.secret) {
    const { secretName, items, defaultMode = DEFAULT_FILE_MODE, optional } = volume.secret;
    project(
      files,
      volume.name,
      secretEntries(objects, secretName),
      'secret',
      secretName,
      items,
      defaultMode,
      optional,
    );
  } else if (volume.projected) {
    const defaultMode = volume.projected.defaultMode ?? DEFAULT_FILE_MODE;
    for (const source of volume.projected.sources ?? []) {
      if (source.configMap) {
        const { name, items, optional } = source.configMap;
        project(
          files,
          volume.name,
          configMapEntries(objects, name),
          'configmap',
          name,
          items,
          defaultMode,
          optional,
        );
      } else if (source.secret) {
        const { name, items, optional } = source.secret;
        project(
          files,
          volume.name,
          secretEntries(objects, name),
          'secret',
          name,
          items,
          defaultMode,
          optional,
        );
      }
    }
  } else if (!volume.emptyDir) {
    return undefined;
  }
  return files;
}

function configMapEntries(objects: ConfigObjects, name: string): Map<string, Buffer> | undefined {
  const cm = objects.configMaps.get(name);
  if (!cm) return undefined;
  const entries = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) entries.set(k, Buffer.from(v, 'utf8'));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) entries.set(k, Buffer.from(v, 'base64'));
  return entries;
}

function secretEntries(objects: ConfigObjects, name: string): Map<string, Buffer> | undefined {
  const secret = objects.secrets.get(name);
  if (!secret) return undefined;
  return new Map(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}

function project(
  files: Map<string, VolumeFile>,
  volume: string,
  entries: Map<string, Buffer> | undefined,
  kind: 'configmap' | 'secret',
  name: string,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean | undefined,
): void {
  if (!entries) {
    if (optional) return;
    throw new VolumeMountError(volume, `${kind} "${name}" not found`);
  }
  if (!items?.length) {
    for (const [key, data] of entries) files.set(key, { data, mode: defaultMode });
    return;
  }
  for (const item of items) {
    const data = entries.get(item.key);
    if (!data) {
      if (optional) continue;
      const what = kind === 'configmap' ? 'config' : 'secret';
      throw new VolumeMountError(volume, `${kind} references non-existent ${what} key: ${item.key}`);
    }
    files.set(normalize(item.path), { data, mode: item.mode ?? defaultMode });
  }
}

function normalize(relative: string): string {
  return relative
    .split('/')
    .filter((s) => s && s !== '.')
    .join('/');
}
