/** The chaos controller's settings, part of the controller-manager's environment. */
import { bool, int } from '@orchestra/observability';

export const chaosEnv = {
  /** The chaos master switch (as on the apiserver): `false` injects nothing. */
  CHAOS_ENABLED: bool({ default: true }),
  /** At most this many chaos injections (runs) start in any minute, across all experiments. */
  CHAOS_MAX_INJECTIONS_PER_MINUTE: int({ default: 30, min: 1 }),
  CONCURRENT_CHAOS_SYNCS: int({ default: 2, min: 1 }),
};

export interface ChaosOptions {
  enabled: boolean;
  maxInjectionsPerMinute: number;
  concurrency: number;
}

export const defaultChaosOptions: ChaosOptions = {
  enabled: true,
  maxInjectionsPerMinute: 30,
  concurrency: 2,
};
