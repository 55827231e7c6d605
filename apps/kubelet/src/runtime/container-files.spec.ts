import { execScript } from '../workloads/shell-script';
import { ContainerFiles } from './container-files';
import { MountedFiles } from './mounted-files';

describe(ContainerFiles.name, () => {
  const mounts = new MountedFiles([
    {
      mountPath: '/etc/config',
      files: () => new Map([['mode', { data: Buffer.from('fast\n'), mode: 0o644 }]]),
    },
  ]);

  it('lets the shell test and cat mounted files, and not remove them', () => {
    const files = new ContainerFiles(mounts);
    expect(execScript(['sh', '-c', 'test -f /etc/config/mode'], files).exitCode).toBe(0);
    expect(execScript(['cat', '/etc/config/mode'], files)).toEqual({ exitCode: 0, output: 'fast' });
    expect(execScript(['cat', '/etc/config/other'], files).exitCode).toBe(1);
    expect(execScript(['rm', '/etc/config/mode'], files).exitCode).toBe(1);
    expect(execScript(['cat', '/etc/config/mode'], files).exitCode).toBe(0);
  });

  it('keeps what the program writes beside the mounts', () => {
    const files = new ContainerFiles(mounts);
    expect(execScript(['sh', '-c', 'touch /tmp/healthy && cat /tmp/healthy'], files)).toEqual({
      exitCode: 0,
      output: '',
    });
    expect(execScript(['rm', '/tmp/healthy'], files).exitCode).toBe(0);
    expect(files.has('/tmp/healthy')).toBe(false);
    expect(new ContainerFiles().has('/etc/config/mode')).toBe(false);
  });
});
