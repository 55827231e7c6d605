/**
 * Orchestra's container runtime: the `ContainerRuntime` a node's pod workers talk to, entirely in
 * memory. One instance is one node's containerd: its image cache, its containers and their logs.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimClock, systemClock, type Clock } from './clock';
import type {
  ContainerConfig,
  ContainerRuntime,
  ContainerStress,
  ContainerUsage,
  FollowLogsOptions,
  LogQuery,
  RuntimeContainerStatus,
} from './container-runtime';
import { ImageCatalogue } from './image-catalogue';
import { ImageService } from './image-service';
import { DEFAULT_LOG_LINES } from './log-buffer';
import { ContainerNotFoundError, ContainerStateError } from './runtime-errors';
import { SimulatedContainer } from './simulated-container';
import { createWorkload } from '../workloads/workload-factory';

export interface SimulatedRuntimeOptions {
  /** Defaults to the system clock; tests pass a FakeClock. */
  clock?: Clock;
  /** How much faster than real time the simulation runs (2 = twice as fast). Default 1. */
  timeScale?: number;
  catalogue?: ImageCatalogue;
  /** Source of randomness for workloads (ERROR_RATE); default Math.random. */
  random?: () => number;
  /** Lines kept per container log. Default 1,000. */
  logLines?: number;
  /** Seeds container IDs, so two nodes never share one. Default 'node'. */
  nodeName?: string;
}

export type ExitListener = (id: string, status: RuntimeContainerStatus) => void;

export class SimulatedRuntime implements ContainerRuntime {
  readonly sim: SimClock;
  private readonly images: ImageService;
  private readonly containers = new Map<string, SimulatedContainer>();
  private readonly exitListeners: ExitListener[] = [];
  private readonly random: () => number;
  private readonly logLines: number;
  private readonly nodeName: string;
  private sequence = 0;

  constructor(options: SimulatedRuntimeOptions = {}) {
    this.sim = new SimClock(options.clock ?? systemClock, options.timeScale ?? 1);
    this.images = new ImageService(options.catalogue ?? new ImageCatalogue(), this.sim);
    this.random = options.random ?? Math.random;
    this.logLines = options.logLines ?? DEFAULT_LOG_LINES;
    this.nodeName = options.nodeName ?? 'node';
  }

  async pullImage(image: string): Promise<{ imageRef: string }> {
    const { imageRef } = await this.images.pull(image);
    return { imageRef };
  }

  imageStatus(image: string): { imageRef: string } | undefined {
    const present = this.images.status(image);
    return present && { imageRef: present.imageRef };
  }

  /** Images on this node, for node.status.images. */
  listImages(): { names: string[]; sizeBytes: number }[] {
    return this.images.list();
  }

  async createContainer(config: ContainerConfig): Promise<string> {
    const image = this.images.status(config.image);
    if (!image)
      throw new ContainerStateError(`image "${config.image}" is not present on the node; pull it first`);
    const id = createHash('sha256')
      .update(`${this.nodeName}/${config.podUid}/${config.name}/${this.sequence++}`)
      .digest('hex');
    const container = new SimulatedContainer(id, config, image, createWorkload(image.entry, config), {
      sim: this.sim,
      random: this.random,
      logLines: this.logLines,
      exitedOnItsOwn: (c) => this.notifyExit(c),
    });
    this.containers.set(id, container);
    return id;
  }

  async startContainer(id: string): Promise<void> {
    this.get(id).start();
  }

  stopContainer(id: string, gracePeriodMs: number): Promise<void> {
    const container = this.containers.get(id);
    return container ? container.stop(gracePeriodMs) : Promise.reject(new ContainerNotFoundError(id));
  }

  async killContainer(id: string, message: string): Promise<void> {
    this.get(id).kill(message);
  }

  stressContainer(id: string, stress: ContainerStress | undefined): void {
    this.containers.get(id)?.stress(stress);
  }

  async removeContainer(id: string): Promise<void> {
    // Removing what is already gone succeeds, as CRI RemoveContainer does.
    this.containers.get(id)?.remove();
    this.containers.delete(id);
  }

  containerStatus(id: string): RuntimeContainerStatus | undefined {
    return this.containers.get(id)?.status();
  }

  /** Every container on the node (CRI ListContainers), optionally of one pod. */
  listContainers(filter: { podUid?: string } = {}): RuntimeContainerStatus[] {
    return [...this.containers.values()]
      .filter((c) => filter.podUid === undefined || c.config.podUid === filter.podUid)
      .map((c) => c.status());
  }

  onExit(listener: ExitListener): void {
    this.exitListeners.push(listener);
  }

  serveHttp(id: string, port: number, req: IncomingMessage, res: ServerResponse): void {
    const container = this.containers.get(id);
    if (container) return container.serveHttp(port, req, res);
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`container "${id}" not found\n`);
  }

  tcpProbe(id: string, port: number): boolean {
    return this.containers.get(id)?.listensOn(port) ?? false;
  }

  exec(id: string, command: string[]): { exitCode: number; output: string } {
    return this.get(id).exec(command);
  }

  logs(id: string, query?: LogQuery): string[] {
    return this.get(id).log.query(query, this.sim.now());
  }

  followLogs(id: string, onLine: (line: string) => void, options?: FollowLogsOptions): () => void {
    return this.get(id).log.follow(onLine, options);
  }

  usage(id: string): ContainerUsage | undefined {
    return this.containers.get(id)?.usage();
  }

  private get(id: string): SimulatedContainer {
    const container = this.containers.get(id);
    if (!container) throw new ContainerNotFoundError(id);
    return container;
  }

  private notifyExit(container: SimulatedContainer): void {
    if (!this.containers.has(container.id)) return;
    const status = container.status();
    for (const listener of this.exitListeners) listener(container.id, status);
  }
}
