/**
 * Each chaos run as an annotation region in Grafana, through its annotations HTTP API
 * (https://grafana.com/docs/grafana/latest/developers/http_api/annotations/): `POST
 * /api/annotations` when the fault is injected, `PATCH /api/annotations/{id}` with `timeEnd` and
 * the outcome when the run ends. Best effort: a failed request is logged once and counted in
 * orchestra_chaos_grafana_annotation_errors_total, and the run goes on. Without GRAFANA_URL there
 * is no sink at all (grafanaAnnotations returns none), so nothing is sent.
 */
import { Logger } from '@orchestra/observability';
import { Counter, type Registry } from 'prom-client';
import {
  ChaosRunAnnotations,
  ChaosRunEnded,
  ChaosRunRef,
  ChaosRunStarted,
} from './chaos-run-annotations.port';

export interface GrafanaOptions {
  /** Grafana's base URL (`http://grafana:3000`); empty switches annotations off. */
  url: string;
  /** A service account token, sent as `Bearer`; when empty, basic auth with user and password. */
  apiToken: string;
  user: string;
  password: string;
}

export interface GrafanaAnnotationsDeps {
  logger: Logger;
  registry: Registry;
  /** Per request; a slow Grafana must not pile requests up. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 2_000;

type Operation = 'create' | 'update';

/** The annotations sink these settings describe, or none without a URL. */
export function grafanaAnnotations(
  options: GrafanaOptions,
  deps: GrafanaAnnotationsDeps,
): GrafanaAnnotations | undefined {
  return options.url ? new GrafanaAnnotations(options, deps) : undefined;
}

/** What a run's end needs of the annotation its start created. */
interface Region {
  id: number;
  time: number;
  text: string;
  tags: string[];
}

export class GrafanaRequestError extends Error {
  override readonly name = 'GrafanaRequestError';
  constructor(message: string) {
    super(message);
  }
}

export class GrafanaAnnotations implements ChaosRunAnnotations {
  private readonly endpoint: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly errors: Counter<'operation'>;
  /** Per run (`<key>#<run>`), its annotation once Grafana has answered (none if it failed). */
  private readonly regions = new Map<string, Promise<Region | undefined>>();

  constructor(
    options: GrafanaOptions,
    private readonly deps: GrafanaAnnotationsDeps,
  ) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/api/annotations`;
    this.authorization = options.apiToken
      ? `Bearer ${options.apiToken}`
      : `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
    this.timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.errors = new Counter({
      name: 'orchestra_chaos_grafana_annotation_errors_total',
      help: 'Grafana annotation requests for chaos runs that failed (operation create or update); the runs go on',
      labelNames: ['operation'],
      registers: [deps.registry],
    });
    for (const operation of ['create', 'update'] as const) this.errors.inc({ operation }, 0);
  }

  runStarted(run: ChaosRunStarted): Promise<void> {
    const annotation = {
      time: run.at,
      tags: ['chaos', run.action, run.experiment],
      text: `${run.action} injected into ${run.targets.join(', ')}, requested by ${run.requester}`,
    };
    const created = this.attempt('create', run, async () => {
      const answer = (await this.request('POST', this.endpoint, annotation)) as { id?: unknown } | null;
      if (typeof answer?.id !== 'number')
        throw new GrafanaRequestError(`POST /api/annotations: no annotation id in ${JSON.stringify(answer)}`);
      return { id: answer.id, ...annotation };
    });
    this.regions.set(regionKey(run), created);
    return created.then(() => undefined);
  }

  async runEnded(run: ChaosRunEnded): Promise<void> {
    const key = regionKey(run);
    const pending = this.regions.get(key);
    this.regions.delete(key);
    // A run whose start this process did not annotate (another leader's, or a failed POST).
    const region = await pending;
    if (!region) return;
    await this.attempt('update', run, () =>
      this.request('PATCH', `${this.endpoint}/${region.id}`, {
        timeEnd: Math.max(run.at, region.time),
        text: `${region.text}; ${run.outcome}`,
        tags: [...region.tags, run.result],
      }),
    );
  }

  /** Runs one request; a failure is logged and counted, never thrown. */
  private async attempt<T>(operation: Operation, run: ChaosRunRef, request: () => Promise<T>) {
    try {
      return await request();
    } catch (error) {
      this.errors.inc({ operation });
      this.deps.logger.warn('grafana annotation request failed; the chaos run goes on', {
        operation,
        experiment: run.experiment,
        run: run.run,
        error,
      });
      return undefined;
    }
  }

  private async request(method: 'POST' | 'PATCH', url: string, body: object): Promise<unknown> {
    // The path only in errors: the URL may carry credentials.
    const what = `${method} ${new URL(url).pathname}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: this.authorization,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // fetch's own message is only "fetch failed"; the reason is its cause (ECONNREFUSED, …).
      const cause = (error as Error).cause as Error | undefined;
      throw new GrafanaRequestError(`${what}: ${cause?.message ?? (error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new GrafanaRequestError(`${what}: ${response.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : null;
  }
}

const regionKey = (run: ChaosRunRef) => `${run.experiment}#${run.run}`;
