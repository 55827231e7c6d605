/** The chaos controller's settings, part of the controller-manager's environment. */
import { bool, int, str, url } from '@orchestra/observability';
import { GrafanaOptions } from './grafana-annotations';

export const chaosEnv = {
  /** The chaos master switch (as on the apiserver): `false` injects nothing. */
  CHAOS_ENABLED: bool({ default: true }),
  /** At most this many chaos injections (runs) start in any minute, across all experiments. */
  CHAOS_MAX_INJECTIONS_PER_MINUTE: int({ default: 30, min: 1 }),
  CONCURRENT_CHAOS_SYNCS: int({ default: 2, min: 1 }),
  /**
   * Grafana's base URL: each chaos run becomes an annotation region there (injection to recovery
   * or failure). Empty (the default) sends nothing.
   */
  GRAFANA_URL: url({ default: '', protocols: ['http', 'https'] }),
  /** A Grafana service account token (Bearer); when empty, basic auth with the user and password. */
  GRAFANA_API_TOKEN: str({ default: '' }),
  GRAFANA_USER: str({ default: 'admin' }),
  GRAFANA_PASSWORD: str({ default: '' }),
};

export interface ChaosOptions {
  enabled: boolean;
  maxInjectionsPerMinute: number;
  concurrency: number;
  /** Where each run is annotated (nowhere when the URL is empty). */
  grafana: GrafanaOptions;
}

export const defaultChaosOptions: ChaosOptions = {
  enabled: true,
  maxInjectionsPerMinute: 30,
  concurrency: 2,
  grafana: { url: '', apiToken: '', user: 'admin', password: '' },
};
