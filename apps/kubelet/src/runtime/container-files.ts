/**
 * The paths a simulated container's shell sees: the ones its program wrote (`touch
 * /tmp/healthy`, `echo ok > /tmp/ready`) and, read-only, the files of its volume mounts, so that
 * `cat /etc/config/app.yaml` or `test -f /etc/secret/token` in an exec probe sees them and `cat`
 * prints them. Removing a mounted file fails, as on a read-only mount.
 */
import type { MountedFiles } from './mounted-files';

export class ContainerFiles extends Set<string> {
  constructor(private readonly mounts?: MountedFiles) {
    super();
  }

  override has(path: string): boolean {
    return super.has(path) || !!this.mounts?.read(path);
  }

  /** The text of a mounted file (files the program wrote have no content in the simulation). */
  contentOf(path: string): string | undefined {
    return this.mounts?.read(path)?.data.toString('utf8');
  }
}
