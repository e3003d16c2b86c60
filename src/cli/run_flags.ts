/**
 * @module
 * The run flags shared by `hewston backtest` and `hewston sweep`: dataset selection,
 * strategy parameters, risk, execution and costs — parsed into a run request, and the
 * dataset resolved (a DEMO/TEST range is built from the synthetic source on demand).
 */
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import type { DatasetRecord } from "../domain/ports.ts";
import { SYNTHETIC_SYMBOLS } from "../market/build_dataset.ts";
import type { SqliteCatalog } from "../store/catalog_sqlite.ts";
import type { DataDir } from "../store/data_dir.ts";
import { buildDataset } from "./data_command.ts";

/** `parseArgs` option table of the shared flags. */
export const RUN_FLAG_OPTIONS = {
  dataset: { type: "string" },
  symbol: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  strategy: { type: "string" },
  param: { type: "string", multiple: true },
  seed: { type: "string" },
  "initial-cash": { type: "string" },
  risk: { type: "string" },
  "risk-param": { type: "string", multiple: true },
  fill: { type: "string" },
  "fees-bps": { type: "string" },
  "k-spread": { type: "string" },
  "slippage-pct": { type: "string" },
  participation: { type: "string" },
  "borrow-bps": { type: "string" },
  "allow-short": { type: "boolean" },
  "no-auto-flatten": { type: "boolean" },
  validation: { type: "string" },
  json: { type: "boolean" },
  "data-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Usage lines of the shared flags. */
export const RUN_FLAGS_USAGE = `  --dataset ID | --symbol S --from D --to D
  --strategy ID          e.g. sma_crossover (see GET /strategies)
  --param K=V            strategy parameter (repeatable), e.g. --param fast=20 --param slow=50
  --seed N               root seed (default 42)
  --initial-cash X       starting cash (default 100000)
  --risk MODEL           fixed_fraction (default) | volatility_target | kelly_fraction
  --risk-param K=V       risk parameter (repeatable), e.g. --risk-param fraction=0.5
  --fill open|close|vwap fill price of the next bar (default open)
  --fees-bps X           fees in basis points of traded notional
  --k-spread K           slippage = K × the bar's TBBO spread_mean
  --slippage-pct P       slippage = P % of the fill price
  --participation C      slippage = price × C × qty / bar volume (zero-volume bars skip)
  --borrow-bps X         annual borrow cost on short notional
  --allow-short          take short positions on -1 signals
  --no-auto-flatten      keep the position open at the last bar
  --validation JSON      validation tests, e.g. '{"permutation":{"trials":1000},"bootstrap":{"trials":500,"block":390}}'
                         (PSR and DSR are always computed)
  --json                 print the result as JSON
  --data-dir DIR         data directory`;

/** Parsed values of the shared flags. */
export type RunFlagValues = {
  [K in keyof typeof RUN_FLAG_OPTIONS]?: (typeof RUN_FLAG_OPTIONS)[K] extends { multiple: true }
    ? string[]
    : (typeof RUN_FLAG_OPTIONS)[K] extends { type: "boolean" } ? boolean
    : string;
};

/** Builds the run request (for `parseRunConfig`) the flags describe. */
export function runRequestFromFlags(v: RunFlagValues, datasetId: string): Record<string, unknown> {
  if (!v.strategy) throw new ValidationError("--strategy is required (e.g. sma_crossover)");
  const slippages = [
    v["k-spread"] !== undefined ? { model: "k_spread", k: num("--k-spread", v["k-spread"]) } : null,
    v["slippage-pct"] !== undefined
      ? { model: "spread_pct", pct: num("--slippage-pct", v["slippage-pct"]) }
      : null,
    v.participation !== undefined
      ? { model: "participation_rate", coefficient: num("--participation", v.participation) }
      : null,
  ].filter((s) => s !== null);
  if (slippages.length > 1) {
    throw new ValidationError(
      "choose one slippage model: --k-spread, --slippage-pct or --participation",
    );
  }
  let validation: unknown = {};
  if (v.validation !== undefined) {
    try {
      validation = JSON.parse(v.validation);
    } catch {
      throw new ValidationError(`--validation must be JSON, got ${v.validation}`);
    }
  }
  return {
    dataset_id: datasetId,
    strategy_id: v.strategy,
    validation,
    params: keyValues("--param", v.param ?? []),
    seed: v.seed === undefined ? 42 : num("--seed", v.seed),
    initial_cash: v["initial-cash"] === undefined
      ? 100_000
      : num("--initial-cash", v["initial-cash"]),
    risk: v.risk || v["risk-param"]
      ? { model: v.risk ?? "fixed_fraction", ...keyValues("--risk-param", v["risk-param"] ?? []) }
      : undefined,
    execution: {
      fill_price: v.fill ?? "open",
      fees_bps: v["fees-bps"] === undefined ? 0 : num("--fees-bps", v["fees-bps"]),
      slippage: slippages[0] ?? { model: "none" },
      borrow_bps: v["borrow-bps"] === undefined ? 0 : num("--borrow-bps", v["borrow-bps"]),
      auto_flatten: !v["no-auto-flatten"],
      allow_short: v["allow-short"] ?? false,
    },
  };
}

/**
 * The READY dataset the flags name: `--dataset ID`, or a regular-session dataset with
 * exactly `--symbol/--from/--to` (built from the synthetic source for DEMO and TEST).
 * @throws {NotFoundError} DATASET_NOT_FOUND with how to build one
 */
export async function resolveFlagDataset(
  catalog: SqliteCatalog,
  dir: DataDir,
  v: RunFlagValues,
): Promise<DatasetRecord> {
  if (v.dataset) {
    const d = catalog.getDataset(v.dataset);
    if (!d || d.status !== "READY") {
      throw new NotFoundError(
        "DATASET_NOT_FOUND",
        `dataset ${v.dataset} not found (list them: GET /datasets; build one: hewston data --help)`,
      );
    }
    return d;
  }
  if (!v.symbol || !v.from || !v.to) {
    throw new ValidationError("give --dataset ID, or --symbol, --from and --to");
  }
  const symbol = v.symbol.toUpperCase();
  const found = catalog.findReadyDataset(symbol, v.from, v.to);
  if (found) return found;
  if (SYNTHETIC_SYMBOLS.includes(symbol)) {
    const spec = {
      symbol,
      from: v.from,
      to: v.to,
      source: { kind: "synthetic" as const, seed: 42 },
    };
    return (await buildDataset(dir, spec, { quiet: true })).dataset;
  }
  throw new NotFoundError(
    "DATASET_NOT_FOUND",
    `no READY ${symbol} dataset for ${v.from}..${v.to}: build it first with hewston data --symbol ${symbol} --from ${v.from} --to ${v.to} --dbn FILES (or --databento / --csv)`,
  );
}

/** Parses a number flag. */
export function num(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) {
    throw new ValidationError(`${flag} must be a number, got "${text}"`);
  }
  return n;
}

/** Parses K=V pairs; values become numbers or booleans when they look like them. */
export function keyValues(flag: string, pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new ValidationError(`${flag} takes KEY=VALUE, got "${p}"`);
    const k = p.slice(0, eq);
    const v = p.slice(eq + 1);
    out[k] = v === "true"
      ? true
      : v === "false"
      ? false
      : v.trim() !== "" && Number.isFinite(Number(v))
      ? Number(v)
      : v;
  }
  return out;
}
