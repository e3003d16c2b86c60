/**
 * @module
 * The zod schemas of the API's responses. Route specs parse what the routes answer with
 * them (strict objects: an undocumented field fails the spec).
 */
import { z } from "zod";
import { METRIC_COLUMNS } from "../store/runs_sqlite.ts";
import { count, isoDate, isoTime, RUN_STATUSES } from "./request_schemas.ts";

/** Every error: `{error: {code, message, details?}}`. */
export const errorResponse = z.strictObject({
  error: z.strictObject({
    code: z.string().describe("machine-readable, e.g. RUN_NOT_FOUND"),
    message: z.string().describe("one line saying what is wrong"),
    details: z.looseObject({
      issues: z.array(z.strictObject({
        path: z.string().describe("dotted path of the field, e.g. body.strategy.params.fast"),
        message: z.string().describe("what is wrong with it"),
      })).optional().describe("every field-level problem, when the error is about input"),
    }).optional().describe("context of the error (e.g. preset_id of a conflicting preset)"),
  }),
});

/** Answer of POST /backtests. */
export const submitResponse = z.strictObject({
  run_id: z.string(),
  run_hash: z.string().describe("the run id (name used by the second seed's clients)"),
  status: z.enum(["QUEUED", "EXISTS"]),
});

/**
 * What each metric is (formulas in docs/engine.md §Metrics). `n` bars, equity `e`, initial
 * cash `E0`, `Y` bars per year, per-bar returns `r`.
 */
export const METRIC_DESCRIPTIONS: Record<typeof METRIC_COLUMNS[number], string> = {
  total_return: "e[n-1] / E0 - 1 (0.12 = +12 %)",
  cagr: "compound annual growth rate: (e[n-1] / E0)^(Y / n) - 1",
  max_drawdown: "largest fall below the running peak, a positive fraction (0.12 = 12 % below)",
  sharpe: "annualised Sharpe ratio: mean(r) / std(r) × √Y, risk-free rate 0",
  sortino: "annualised Sortino ratio: mean(r) / downside deviation × √Y, target 0",
  hit_rate: "winning trades / trades (a trade with pnl 0 is neither)",
  avg_win: "mean pnl of winning trades, in cash",
  avg_loss: "mean pnl of losing trades, in cash (negative)",
  turnover: "traded notional over the run / mean equity",
  slippage_share: "slippage / (fees + slippage); 0 when both are 0",
  fees_paid: "fees paid over the run, in cash",
  volatility: "annualised volatility: sample std(r) × √Y",
  max_drawdown_duration_bars: "longest run of bars below the running peak",
  profit_factor: "sum of winning pnl / -(sum of losing pnl); null without a losing trade",
  exposure: "fraction of bars that end with an open position",
  trades: "round-trip trades",
  final_equity: "equity at the last bar, in cash",
};

/** A run's metrics (null where undefined, e.g. Sharpe of a flat curve). */
export const metrics = z.strictObject(
  Object.fromEntries(
    METRIC_COLUMNS.map((c) => [c, z.number().nullable().describe(METRIC_DESCRIPTIONS[c])]),
  ) as Record<typeof METRIC_COLUMNS[number], z.ZodNullable<z.ZodNumber>>,
);

/** One run in a listing. */
export const runSummary = z.strictObject({
  run_id: z.string(),
  status: z.enum(RUN_STATUSES),
  dataset_id: z.string(),
  symbol: z.string(),
  strategy_id: z.string(),
  params: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  created_at: isoTime,
  finished_at: isoTime.nullable(),
  duration_ms: count.nullable(),
  metrics: metrics.nullable(),
  error: z.string().nullable(),
  url: z.string(),
});

/** Answer of GET /backtests. */
export const runList = z.strictObject({
  items: z.array(runSummary),
  total: count,
  limit: count,
  offset: count,
});

/** One file of a run's manifest. */
export const artifactFile = z.strictObject({
  name: z.string(),
  size: count,
  sha256: z.string(),
  url: z.string(),
});

/** Answer of GET /backtests/{id}. */
export const runDetail = runSummary.extend({
  run_hash: z.string(),
  input_hash: z.string(),
  code_hash: z.string(),
  speed: z.number().int(),
  slippage_fees: z.record(z.string(), z.unknown()),
  config: z.unknown().describe("the normalised run configuration"),
  manifest: z.strictObject({
    url: z.string(),
    manifest_hash: z.string().nullable(),
    chain_prev: z.string().nullable(),
  }),
  artifacts: z.array(artifactFile).describe("empty until the run is DONE"),
  events_url: z.string(),
});

/** Answer of GET /backtests/{id}/artifacts: manifest.json with a URL per file. */
export const artifactManifest = z.strictObject({
  run_id: z.string(),
  input_hash: z.string(),
  files: z.array(artifactFile),
  manifest_hash: z.string(),
  chain_prev: z.string().nullable(),
  url: z.string().describe("of manifest.json itself"),
});

/** A page of a Parquet artifact as JSON (`?format=json`). */
export const parquetPage = z.strictObject({
  name: z.string(),
  columns: z.array(z.strictObject({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())).describe("timestamps as ISO strings, NaN as null"),
  total: count,
  offset: count,
  limit: count,
});

/** A dataset of 1-minute bars. */
export const dataset = z.strictObject({
  dataset_id: z.string(),
  symbol: z.string(),
  from_date: isoDate,
  to_date: isoDate,
  status: z.enum(["READY", "BUILDING", "ERROR"]),
  session: z.enum(["regular", "extended"]),
  source_kind: z.string(),
  bar_count: count,
  size_bytes: count,
  products: z.array(z.string()),
  calendar_version: z.string(),
  tz: z.string(),
  generated_at: isoTime,
  manifest_sha256: z.string().nullable(),
  error: z.string().nullable(),
  url: z.string(),
});

/** Answer of GET /datasets. */
export const datasetList = z.strictObject({ items: z.array(dataset), total: count });

/** Answer of GET /datasets/{id}: the row plus its bars manifest. */
export const datasetDetail = dataset.extend({
  manifest: z.record(z.string(), z.unknown()).nullable().describe("null until READY"),
});

/** Answer of POST /datasets. */
export const datasetJob = z.strictObject({
  job_id: z.string(),
  status: z.literal("QUEUED"),
  events_url: z.string(),
});

/** Answer of POST /datasets/jobs/{job_id}/cancel. */
export const datasetJobCancelled = z.strictObject({
  job_id: z.string(),
  status: z.literal("CANCELLED"),
  events_url: z.string(),
});

const barTime = {
  ts: isoTime.describe("bar open time"),
  time: z.number().int().describe("bar open time in UTC seconds (lightweight-charts)"),
};

/** One 1-minute bar. */
export const candle = z.strictObject({
  ...barTime,
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  vwap: z.number(),
  trade_count: count,
  bid_mean: z.number().nullable(),
  ask_mean: z.number().nullable(),
  spread_mean: z.number().nullable(),
});

/** Answer of GET /candles. */
export const candlePage = z.strictObject({
  dataset_id: z.string(),
  symbol: z.string(),
  items: z.array(candle),
  total: count,
  offset: count,
  limit: count,
});

/** Answer of GET /features: the indicator's shifted values (null during warm-up). */
export const featurePage = z.strictObject({
  dataset_id: z.string(),
  name: z.string(),
  params: z.record(z.string(), z.unknown()),
  items: z.array(z.strictObject({ ...barTime, value: z.number().nullable() })),
  total: count,
  offset: count,
  limit: count,
});

const jsonSchema = z.record(z.string(), z.unknown()).describe("JSON Schema (draft 2020-12)");

/** Answer of GET /strategies: what a run can be configured with. */
export const strategyCatalog = z.strictObject({
  items: z.array(z.strictObject({
    id: z.string(),
    description: z.string(),
    params: jsonSchema,
    defaults: z.record(z.string(), z.unknown()),
  })),
  risk_models: z.array(z.strictObject({
    model: z.string(),
    description: z.string(),
    params: jsonSchema,
  })),
  indicators: z.array(z.strictObject({
    name: z.string(),
    description: z.string(),
    params: jsonSchema,
  })),
});

/** A stored preset. */
export const preset = z.strictObject({
  preset_id: z.string().describe("hash of the canonical {name, config}"),
  name: z.string(),
  config: z.record(z.string(), z.unknown()).describe("a BacktestRequest"),
  created_at: isoTime,
  url: z.string(),
});

/** Answer of GET /presets. */
export const presetList = z.strictObject({ items: z.array(preset), total: count });

/** Answer of /healthz and /health (served by `routes/health.ts`). */
export const health = z.looseObject({
  status: z.literal("ok"),
  version: z.string(),
  uptime_s: count,
  demo: z.enum(["absent", "building", "ready", "error"]),
  demo_error: z.string().optional(),
});

/** Request bodies by OpenAPI component name. */
