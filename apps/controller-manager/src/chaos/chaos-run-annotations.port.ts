/**
 * Where the chaos run reporter draws each run on a timeline (a Grafana annotation region: see
 * grafana-annotations.ts): a start when the fault is injected, an end with the outcome. Best
 * effort: a sink never rejects, and nothing in a run waits for it.
 */
export interface ChaosRunAnnotations {
  runStarted(run: ChaosRunStarted): Promise<void>;
  runEnded(run: ChaosRunEnded): Promise<void>;
}

export interface ChaosRunRef {
  /** The experiment's key, `namespace/name`. */
  experiment: string;
  run: number;
}

export interface ChaosRunStarted extends ChaosRunRef {
  action: string;
  /** `namespace/name` of each object hit. */
  targets: string[];
  requester: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface ChaosRunEnded extends ChaosRunRef {
  /** Epoch milliseconds. */
  at: number;
  /** abandoned: the experiment went away mid-run. */
  result: 'passed' | 'failed' | 'abandoned';
  /** What happened, for people: `recovered in 3s`, `failed: …`. */
  outcome: string;
}
