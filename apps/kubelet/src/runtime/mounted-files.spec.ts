import { MountedFiles, type VolumeFile } from './mounted-files';

const file = (s: string): VolumeFile => ({ data: Buffer.from(s), mode: 0o644 });
const text = (f: VolumeFile | undefined) => f?.data.toString();

describe(MountedFiles.name, () => {
  it('reads files at mountPath/key and sees a whole-volume mount change at once', () => {
    let html = new Map([['index.html', file('v1')]]);
    const mounts = new MountedFiles([{ mountPath: '/usr/share/nginx/html/', files: () => html }]);
    expect(text(mounts.read('/usr/share/nginx/html/index.html'))).toBe('v1');
    expect(mounts.read('/usr/share/nginx/html')).toBeUndefined();
    expect(mounts.read('/etc/index.html')).toBeUndefined();
    html = new Map([['index.html', file('v2')]]);
    expect(text(mounts.read('/usr/share/nginx/html//./index.html'))).toBe('v2');
  });

  it('a subPath mount is a copy taken at creation: one file, or one directory', () => {
    let config = new Map([
      ['app.yaml', file('a: 1')],
      ['conf/x.conf', file('x')],
    ]);
    const mounts = new MountedFiles([
      { mountPath: '/etc/app.yaml', subPath: 'app.yaml', files: () => config },
      { mountPath: '/etc/conf.d', subPath: 'conf', files: () => config },
    ]);
    config = new Map([['app.yaml', file('a: 2')]]);
    expect(text(mounts.read('/etc/app.yaml'))).toBe('a: 1');
    expect(text(mounts.read('/etc/conf.d/x.conf'))).toBe('x');
    expect(mounts.list('/etc')).toEqual(['/etc/app.yaml', '/etc/conf.d/x.conf']);
  });

  it('a mount inside another hides what is below it', () => {
    const outer = new Map([
      ['index.html', file('outer')],
      ['sub/page.html', file('hidden')],
    ]);
    const inner = new Map([['other.html', file('inner')]]);
    const mounts = new MountedFiles([
      { mountPath: '/srv', files: () => outer },
      { mountPath: '/srv/sub', files: () => inner },
    ]);
    expect(mounts.read('/srv/sub/page.html')).toBeUndefined();
    expect(text(mounts.read('/srv/sub/other.html'))).toBe('inner');
    expect(mounts.list('/srv')).toEqual(['/srv/index.html', '/srv/sub/other.html']);
    expect(mounts.mountPaths).toEqual(['/srv', '/srv/sub']);
  });
});
