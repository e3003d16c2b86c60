/**
 * @module
 * The wire documents of runs, one zod schema each, shared by the API (responses, OpenAPI) and
 * the CLI (`--json`): a run summary as listed, a run's detail, its artifact manifest, the
 * result of `hewston backtest` and of `verify`. Every key is snake_case. The SQL that builds
 * the run list's JSON (`store/runs_sqlite.ts`) derives its key list from {@link runSummary}.
 */
import { z } from "zod";
import { RUN_STATUSES } from "../ports.ts";
import { count, isoTime } from "./primitives.ts";

/** The metrics a run records in the catalog (one column each in `run_metrics`). */
export const METRIC_COLUMNS = [
  "total_return",
  "cagr",
  "max_drawdown",
  "sharpe",
  "sortino",
  "hit_rate",
  "avg_win",
  "avg_loss",
  "turnover",
  "slippage_share",
  "fees_paid",
  "volatility",
  "max_drawdown_duration_bars",
  "profit_factor",
  "exposure",
  "trades",
  "final_equity",
] as const;

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

/** {@link runSummary} as a TypeScript type. */
export type RunSummary = z.output<typeof runSummary>;

/** A page of runs (GET /backtests, `hewston runs --json`). */
export const runList = z.strictObject({
  items: z.array(runSummary),
  total: count,
  limit: count,
  offset: count,
});

/** {@link runList} as a TypeScript type. */
export type RunList = z.output<typeof runList>;

/** One file of a run's manifest, with its URL. */
export const artifactFile = z.strictObject({
  name: z.string(),
  size: count,
  sha256: z.string(),
  url: z.string(),
});

/** A run with its configuration, manifest facts and artifact URLs (GET /backtests/{id}, `hewston runs show --json`). */
export const runDetail = runSummary.extend({
  run_hash: z.string(),
  input_hash: z.string(),
  code_hash: z.string(),
  speed: z.number().int(),
  slippage_fees: z.record(z.string(), z.unknown()),
  config: z.unknown().describe(
    "the normalised run configuration (snake_case; POST it back to find the same run)",
  ),
  manifest: z.strictObject({
    url: z.string(),
    manifest_hash: z.string().nullable(),
    chain_prev: z.string().nullable(),
  }),
  artifacts: z.array(artifactFile).describe("empty until the run is DONE"),
  events_url: z.string(),
});

/** {@link runDetail} as a TypeScript type. */
export type RunDetail = z.output<typeof runDetail>;

/** A run's manifest.json with a URL per file (GET /backtests/{id}/artifacts). */
export const artifactManifest = z.strictObject({
  schema_version: z.number().int().describe("of manifest.json (src/domain/manifests.ts)"),
  run_id: z.string(),
  input_hash: z.string(),
  files: z.array(artifactFile),
  manifest_hash: z.string(),
  chain_prev: z.string().nullable(),
  url: z.string().describe("of manifest.json itself"),
});

/** What `hewston backtest --json` prints. */
export const backtestResult = z.strictObject({
  run_id: z.string(),
  status: z.enum(RUN_STATUSES),
  existed: z.boolean().describe("true when the identical run was already in the catalog"),
  metrics: z.record(z.string(), z.unknown()).describe("metrics.json"),
  folder: z.string().describe("the run's artifact folder"),
});

/** What `hewston verify --json` prints. */
export const verifyReport = z.strictObject({
  run_id: z.string(),
  ok: z.boolean(),
  files: z.array(z.strictObject({
    name: z.string(),
    expected: z.string().describe("sha256 in the manifest"),
    stored: z.string().nullable().describe("sha256 of the stored file (null if missing)"),
    actual: z.string().nullable().describe("sha256 of the re-run's file"),
    match: z.boolean(),
  })),
});
