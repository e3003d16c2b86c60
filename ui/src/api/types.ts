/**
 * @module
 * The JSON documents the UI reads from the REST API (snake_case, as on the wire; the full
 * contract is `docs/api/openapi.yaml`). Only the fields the UI uses are spelled out.
 */

/** A run's lifecycle state. */
export type RunStatus = "QUEUED" | "RUNNING" | "DONE" | "ERROR" | "CANCELLED";

/** Metrics of a finished run (`metrics.json`). */
export type RunMetrics = Record<string, number | null>;

/** One row of `GET /backtests`. */
export interface RunSummary {
  run_id: string;
  status: RunStatus;
  dataset_id: string;
  symbol: string;
  strategy_id: string;
  params: Record<string, unknown>;
  seed: number;
  created_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  metrics: RunMetrics | null;
  error: { code?: string; message?: string } | string | null;
  url: string;
}

/** `GET /backtests` */
export interface RunList {
  items: RunSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** One artifact file of a run. */
export interface ArtifactFile {
  name: string;
  size: number;
  sha256: string;
  url: string;
}

/** `GET /backtests/{id}` */
export interface RunDetail extends RunSummary {
  run_hash: string;
  input_hash: string;
  code_hash: string;
  config: Record<string, unknown>;
  artifacts: ArtifactFile[];
  events_url: string;
}

/** One row of `GET /datasets`. */
export interface DatasetSummary {
  dataset_id: string;
  symbol: string;
  from_date: string;
  to_date: string;
  status: "READY" | "BUILDING" | "ERROR";
  source_kind: string;
  bar_count: number | null;
  size_bytes: number | null;
  session?: string;
  generated_at?: string;
  error?: string | null;
}

/** A job event as sent on `GET /backtests/{id}/events/stream`. */
export interface RunEventData {
  run_id: string;
  event_id: number;
  kind: "stage" | "progress" | "done" | "error" | "cancelled" | "deleted";
  stage: string;
  ts: string;
  status?: RunStatus | "DELETED";
  done?: number;
  total?: number;
  message?: string;
}

/** A Parquet artifact page (`?format=json`). */
export interface ArtifactPage {
  name: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
  total: number;
  offset: number;
  limit: number;
}

/** `validation_summary.json`, the parts the UI shows. */
export interface ValidationSummary {
  bars: number;
  dsr_trials_source?: string;
  sharpe: {
    psr: number | null;
    dsr: { probability: number | null; trials: number; expected_max_sharpe?: number | null };
    sharpe_annualised: number | null;
    verdict?: string;
  };
  tests: {
    permutation?: { p_value: number; trials: number; verdict?: string };
    bootstrap?: {
      trials: number;
      intervals: Record<string, { lower: number; upper: number; observed: number }>;
      verdict?: string;
    };
    monte_carlo?: {
      trials?: number;
      probability_of_loss: number;
      final_equity: { quantiles: Record<string, number> };
      observed: { final_equity: number };
      verdict?: string;
    };
  };
  walk_forward?: {
    folds: { index: number; is_sharpe: number | null; oos_sharpe: number | null }[];
    degradation?: { mean_is_sharpe: number | null; mean_oos_sharpe: number | null };
    verdict?: string;
  } | null;
}

/** A strategy of `GET /strategies`, with the JSON Schema of its parameters. */
export interface StrategyInfo {
  id: string;
  description: string;
  params: { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  defaults: Record<string, unknown>;
}

/** A sizing model of `GET /strategies`. */
export interface RiskModelInfo {
  model: string;
  description: string;
  params: { properties?: Record<string, Record<string, unknown>>; required?: string[] };
}

/** `GET /strategies` */
export interface StrategyCatalog {
  items: StrategyInfo[];
  risk_models: RiskModelInfo[];
}

/** A named run configuration (`/presets`). */
export interface Preset {
  preset_id: string;
  name: string;
  config: Record<string, unknown>;
  created_at: string;
  url: string;
}

/** `GET /datasets/{id}/bars`: candles of a range as columns (times in UTC seconds). */
export interface DatasetCandles {
  dataset_id: string;
  symbol: string;
  interval: "1m" | "5m" | "15m" | "30m" | "1h" | "1d";
  bars: number;
  days: number;
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** One way of building a dataset (`GET /datasets/sources`). */
export interface DatasetSourceInfo {
  kind: "synthetic" | "databento" | "dbn" | "csv" | "parquet";
  available: boolean;
  description: string;
  symbols: string[] | null;
  dataset: string | null;
}

/** `GET /datasets/sources` */
export interface DatasetSources {
  items: DatasetSourceInfo[];
  raw_dir: string;
}
