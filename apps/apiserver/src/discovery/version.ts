/**
 * The `/version` body (k8s.io/apimachinery/pkg/version.Info).
 *
 * The kubectl on the lab machines is a dispatcher that reads `/version` and runs the installed client
 * (1.27–1.33) closest to the server, so `gitVersion` must parse as a Kubernetes version; the
 * `-orchestra` suffix has the same shape as vendor suffixes such as `-gke.1`.
 */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: 'clean' | 'dirty' | '';
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** The Kubernetes API version whose behaviour Orchestra follows. */
export const EMULATED_KUBERNETES_VERSION = { major: 1, minor: 32, patch: 0 } as const;

export interface BuildFacts {
  /** Source revision, when the build knows it (e.g. from an environment variable). */
  gitCommit?: string;
  buildDate?: string;
  /** `process.version`, e.g. `v20.11.1`. */
  nodeVersion: string;
  /** `${process.platform}/${process.arch}` in Go's spelling, e.g. `linux/amd64`. */
  platform: string;
}

export function versionInfo(build: BuildFacts): VersionInfo {
  const { major, minor, patch } = EMULATED_KUBERNETES_VERSION;
  return {
    major: String(major),
    minor: String(minor),
    gitVersion: `v${major}.${minor}.${patch}-orchestra`,
    gitCommit: build.gitCommit ?? '',
    gitTreeState: build.gitCommit ? 'clean' : '',
    buildDate: build.buildDate ?? '1970-01-01T00:00:00Z',
    // No Go toolchain built this server: say honestly what runs it.
    goVersion: `node${build.nodeVersion.replace(/^v/, '')}`,
    compiler: 'orchestra',
    platform: build.platform,
  };
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

/** `linux/amd64` from Node's `process.platform` and `process.arch`. */
export const goPlatform = (platform: string, arch: string): string =>
  `${platform === 'win32' ? 'windows' : platform}/${GO_ARCH[arch] ?? arch}`;
