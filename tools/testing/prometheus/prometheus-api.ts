/** The parts of Prometheus' HTTP API (/api/v1) the tests read. */

export interface Sample {
  metric: Record<string, string>;
  value?: [number, string];
}

export interface QueryResult {
  /** Prometheus' error for an expression it cannot run, else undefined. */
  error?: string;
  series: Sample[];
}

export interface RuleHealth {
  name: string;
  type: 'recording' | 'alerting';
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  state?: 'inactive' | 'pending' | 'firing';
}

export interface Target {
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export class PrometheusApi {
  constructor(private readonly baseUrl: string) {}

  async query(expr: string): Promise<QueryResult> {
    const body = await this.get('/api/v1/query', { query: expr });
    if (body.status !== 'success') return { error: `${body.errorType}: ${body.error}`, series: [] };
    const data = body.data as { resultType: string; result: Sample[] | [number, string] };
    // A scalar (e.g. `vector(0)` folded, or `time()`) is one value, not a list of series.
    const series =
      data.resultType === 'scalar' || data.resultType === 'string'
        ? [{ metric: {}, value: data.result as [number, string] }]
        : (data.result as Sample[]);
    return { series };
  }

  async rules(): Promise<RuleHealth[]> {
    const body = await this.get('/api/v1/rules');
    const groups = (body.data as { groups: { rules: RuleHealth[] }[] }).groups;
    return groups.flatMap((group) => group.rules);
  }

  async targets(): Promise<Target[]> {
    const body = await this.get('/api/v1/targets', { state: 'active' });
    return (body.data as { activeTargets: Target[] }).activeTargets;
  }

  private async get(path: string, params: Record<string, string> = {}) {
    const url = `${this.baseUrl}${path}?${new URLSearchParams(params)}`;
    const response = await fetch(url);
    return (await response.json()) as { status: string; data?: unknown; errorType?: string; error?: string };
  }
}
