/**
 * A container's read-only view of its volume mounts (the CRI ContainerConfig's `mounts`): what
 * a simulated program reads at `/etc/config/app.yaml` or `/usr/share/nginx/html/index.html`.
 * A whole-volume mount sees the volume as it is now (the kubelet swaps a volume's files at once,
 * as its atomic writer swaps the `..data` symlink); a subPath mount is a copy taken when the
 * container was created and never changes, exactly as in Kubernetes.
 */

export interface VolumeFile {
  data: Buffer;
  /** Permission bits (0644 unless defaultMode or an item's mode says otherwise). */
  mode: number;
}

/** A volume's files by path relative to the volume (`index.html`, `conf/app.yaml`). */
export type VolumeFiles = ReadonlyMap<string, VolumeFile>;

export interface Mount {
  /** Absolute path in the container. */
  mountPath: string;
  /** The volume's files as they are now (undefined: the volume is gone). */
  files: () => VolumeFiles | undefined;
  subPath?: string;
}

interface ResolvedMount {
  mountPath: string;
  files: () => VolumeFiles | undefined;
}

export class MountedFiles {
  private readonly mounts: ResolvedMount[];

  constructor(mounts: Mount[] = []) {
    // Longest mount path first: a mount inside another one hides what is below it.
    this.mounts = mounts.map((m) => resolve(m)).sort((a, b) => b.mountPath.length - a.mountPath.length);
  }

  /** Mount paths, shortest first. */
  get mountPaths(): string[] {
    return this.mounts.map((m) => m.mountPath).reverse();
  }

  /** The file at an absolute path, if a mount has it. */
  read(path: string): VolumeFile | undefined {
    const wanted = clean(path);
    for (const mount of this.mounts) {
      const relative = relativeTo(mount.mountPath, wanted);
      if (relative === undefined) continue;
      return mount.files()?.get(relative);
    }
    return undefined;
  }

  /** Absolute paths of every file under `dir` (recursively), sorted. */
  list(dir = '/'): string[] {
    const base = clean(dir);
    const out = new Set<string>();
    for (const mount of this.mounts) {
      for (const relative of mount.files()?.keys() ?? []) {
        const path = relative ? `${mount.mountPath}/${relative}` : mount.mountPath;
        if (relativeTo(base, path) !== undefined && this.read(path)) out.add(path);
      }
    }
    return [...out].sort();
  }
}

/** A subPath mount: the files under subPath (or the one file it names), copied now. */
function resolve(mount: Mount): ResolvedMount {
  const mountPath = clean(mount.mountPath);
  const subPath = mount.subPath ? clean(`/${mount.subPath}`).slice(1) : '';
  if (!subPath) return { mountPath, files: mount.files };
  const snapshot = new Map<string, VolumeFile>();
  for (const [relative, file] of mount.files() ?? []) {
    if (relative === subPath) snapshot.set('', file);
    else if (relative.startsWith(`${subPath}/`)) snapshot.set(relative.slice(subPath.length + 1), file);
  }
  return { mountPath, files: () => snapshot };
}

/** `/a/b/` → `/a/b`; `//a/./b` → `/a/b`. */
function clean(path: string): string {
  const parts = path.split('/').filter((s) => s && s !== '.');
  return `/${parts.join('/')}`;
}

/** The path relative to the mount ('' for the mount itself), or undefined when outside it. */
function relativeTo(mountPath: string, path: string): string | undefined {
  if (path === mountPath) return '';
  if (mountPath === '/') return path.slice(1);
  return path.startsWith(`${mountPath}/`) ? path.slice(mountPath.length + 1) : undefined;
}
