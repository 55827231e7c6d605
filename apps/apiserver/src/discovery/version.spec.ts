import { goPlatform, versionInfo } from './version';

describe('versionInfo', () => {
  const info = versionInfo({ nodeVersion: 'v20.11.1', platform: 'linux/amd64', gitCommit: 'abc123' });

  it('reports a Kubernetes 1.32 version the kubectl dispatcher can parse', () => {
    expect(info.major).toBe('1');
    expect(info.minor).toBe('32');
    expect(info.gitVersion).toMatch(/^v1\.32\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  it('keeps every key Kubernetes has, with honest values', () => {
    expect(Object.keys(info).sort()).toEqual(
      [
        'buildDate',
        'compiler',
        'gitCommit',
        'gitTreeState',
        'gitVersion',
        'goVersion',
        'major',
        'minor',
        'platform',
      ].sort(),
    );
    expect(info.goVersion).toBe('node20.11.1');
    expect(info.compiler).toBe('orchestra');
    expect(info.gitTreeState).toBe('clean');
  });

  it('leaves the tree state empty when the commit is unknown', () => {
    expect(versionInfo({ nodeVersion: 'v20.0.0', platform: 'linux/arm64' }).gitTreeState).toBe('');
  });
});

describe('goPlatform', () => {
  it('spells platforms the way Go does', () => {
    expect(goPlatform('linux', 'x64')).toBe('linux/amd64');
    expect(goPlatform('darwin', 'arm64')).toBe('darwin/arm64');
    expect(goPlatform('win32', 'x64')).toBe('windows/amd64');
  });
});
