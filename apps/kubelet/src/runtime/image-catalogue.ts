/**
 * The simulated registry: which images exist, how long they take to pull and what runs when they
 * start. Orchestra's own images (`orchestra/web`, ...) run a built-in workload; a short list of
 * well-known public images runs as a generic long-running program; anything else does not exist
 * (ErrImagePull, then ImagePullBackOff), as a typo in an image name does on a real cluster.
 */
import { repositoryOf, type ImageReference } from './image-reference';

export type WorkloadKind = 'web' | 'crashloop' | 'memory-hog' | 'cpu-burner' | 'batch' | 'generic';

export interface CatalogueEntry {
  /** `docker.io/orchestra/web`, `docker.io/library/nginx`. */
  repository: string;
  workload: WorkloadKind;
  /** Simulated pull time on a cold node (scaled by the time-scale). */
  pullDelayMs: number;
  /** Reported in node.status.images. */
  sizeBytes: number;
  /** Ports the image's program listens on whatever the pod declares (containerPort is informational). */
  defaultPorts?: number[];
  /** Memory the idle program uses. */
  memoryBytes?: number;
  /**
   * The image's default command is an interactive shell or REPL: without a command it exits 0 at
   * once (no TTY), so `kubectl run --image=busybox` ends in CrashLoopBackOff as on Kubernetes.
   */
  interactive?: boolean;
  /** First log line of the generic program. */
  startLine?: string;
}

const MiB = 1024 * 1024;

const orchestra = (name: WorkloadKind, pullDelayMs: number): CatalogueEntry => ({
  repository: `docker.io/orchestra/${name}`,
  workload: name,
  pullDelayMs,
  sizeBytes: 12 * MiB,
});

const publicImage = (
  name: string,
  pullDelayMs: number,
  sizeMiB: number,
  extra: Partial<CatalogueEntry> = {},
) => ({
  repository: name.includes('/') ? name : `docker.io/library/${name}`,
  workload: 'generic' as const,
  pullDelayMs,
  sizeBytes: sizeMiB * MiB,
  ...extra,
});

/**
 * Well-known public images: the ones Kubernetes tutorials use. Kept short on purpose; an image
 * outside this list fails to pull, which is how the playground shows ImagePullBackOff.
 */
export const DEFAULT_CATALOGUE: CatalogueEntry[] = [
  orchestra('web', 300),
  orchestra('crashloop', 200),
  orchestra('memory-hog', 200),
  orchestra('cpu-burner', 200),
  orchestra('batch', 200),
  publicImage('nginx', 500, 68, {
    defaultPorts: [80],
    memoryBytes: 8 * MiB,
    startLine: 'nginx: ready for start up',
  }),
  publicImage('httpd', 400, 58, { defaultPorts: [80], memoryBytes: 10 * MiB }),
  publicImage('traefik/whoami', 250, 3, { defaultPorts: [80], memoryBytes: 4 * MiB }),
  publicImage('registry.k8s.io/echoserver', 300, 46, { defaultPorts: [8080], memoryBytes: 12 * MiB }),
  publicImage('registry.k8s.io/pause', 200, 1, { memoryBytes: MiB / 2 }),
  publicImage('redis', 450, 45, { defaultPorts: [6379], memoryBytes: 6 * MiB }),
  publicImage('memcached', 350, 30, { defaultPorts: [11211], memoryBytes: 4 * MiB }),
  publicImage('postgres', 800, 160, { defaultPorts: [5432], memoryBytes: 40 * MiB }),
  publicImage('mysql', 800, 200, { defaultPorts: [3306], memoryBytes: 180 * MiB }),
  publicImage('mongo', 800, 260, { defaultPorts: [27017], memoryBytes: 90 * MiB }),
  publicImage('rabbitmq', 700, 90, { defaultPorts: [5672], memoryBytes: 100 * MiB }),
  publicImage('busybox', 200, 2, { interactive: true, memoryBytes: MiB / 2 }),
  publicImage('alpine', 250, 4, { interactive: true, memoryBytes: MiB }),
  publicImage('ubuntu', 400, 30, { interactive: true, memoryBytes: 2 * MiB }),
  publicImage('debian', 400, 50, { interactive: true, memoryBytes: 2 * MiB }),
  publicImage('python', 800, 380, { interactive: true, memoryBytes: 10 * MiB }),
  publicImage('node', 800, 380, { interactive: true, memoryBytes: 12 * MiB }),
];

export class ImageCatalogue {
  private readonly entries = new Map<string, CatalogueEntry>();

  constructor(entries: CatalogueEntry[] = DEFAULT_CATALOGUE) {
    for (const entry of entries) this.entries.set(entry.repository, entry);
  }

  /** Any tag or digest of a known repository exists (the catalogue does not track tags). */
  lookup(ref: ImageReference): CatalogueEntry | undefined {
    return this.entries.get(repositoryOf(ref));
  }
}
