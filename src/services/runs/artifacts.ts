/**
 * @module
 * What a run's folder holds, computed from the engine's output (for `executeRun` and for
 * `verify`'s re-run alike):
 *
 * - the engine outputs: metrics.json, equity.parquet, orders.parquet, fills.parquet,
 *   trades.parquet. The engine's columnar structs become the files' snake_case columns here;
 *   the store only writes bytes.
 * - the validation stage: `validation_summary.json` (PSR, DSR and return moments always;
 *   permutation, bootstrap, Monte Carlo and walk-forward results when the run's `validation`
 *   block asks) and `validation_details.json` (per-trial distributions) when a test ran. The
 *   DSR's trial count and Sharpe variance come from the catalog and are recorded in the
 *   run-manifest, so `verify` reproduces them.
 *
 * Every file is a pure function of its inputs, so the same run gives the same bytes.
 */
import type { Bars } from "../../domain/bars.ts";
import type { EngineOutput } from "../../engine/run_backtest.ts";
import type { RunConfig } from "../../engine/run_config.ts";
import type { SimulationResult } from "../../engine/types.ts";
import { parseValidationConfig, runValidationWithDetails } from "../../engine/validation/mod.ts";
import { parseWalkForwardConfig, walkForward } from "../../engine/validation/walk_forward.ts";
import { tradingDayStarts } from "../../market/calendar/mod.ts";
import type { FolderWriter } from "../../store/artifact_folder.ts";
import type { ParquetColumn } from "../../store/parquet.ts";

/** Writes the engine's outputs as artifacts through `w`. */
export async function writeEngineArtifacts(
  w: FolderWriter,
  bars: Bars,
  sim: SimulationResult,
  metrics: Record<string, unknown>,
): Promise<void> {
  await w.json("metrics.json", metrics);
  await w.parquet("equity.parquet", equityColumns(bars, sim));
  await w.parquet("orders.parquet", orderColumns(bars, sim));
  await w.parquet("fills.parquet", fillColumns(bars, sim));
  await w.parquet("trades.parquet", tradeColumns(bars, sim));
}

function tsOf(bars: Bars, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = bars.ts[idx[i]];
  return out;
}

function sequence(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i + 1;
  return out;
}

function equityColumns(bars: Bars, sim: SimulationResult): [string, ParquetColumn][] {
  const c = sim.curve;
  return [
    ["ts", { kind: "timestamp_ms_as_ns", values: bars.ts }],
    ["equity", { kind: "f64", values: c.equity }],
    ["cash", { kind: "f64", values: c.cash }],
    ["position", { kind: "f64", values: c.position }],
    ["drawdown", { kind: "f64", values: c.drawdown }],
  ];
}

/** One market order per fill: decided at the signal bar's close, executed at the next bar. */
function orderColumns(bars: Bars, sim: SimulationResult): [string, ParquetColumn][] {
  const f = sim.fills;
  const side = Array.from(f.qty, (q) => (q > 0 ? "buy" : "sell"));
  const cols: [string, ParquetColumn][] = [
    ["ts", { kind: "timestamp_ms_as_ns", values: tsOf(bars, f.signalBar) }],
    ["order_id", { kind: "i32", values: sequence(f.length) }],
    ["side", { kind: "utf8", values: side }],
    ["qty", { kind: "f64", values: f.qty.map(Math.abs) }],
    ["type", { kind: "utf8", values: side.map(() => "market") }],
    [
      "time_in_force",
      {
        kind: "utf8",
        values: Array.from(f.bar, (b, i) => (b === f.signalBar[i] ? "close" : "next_bar")),
      },
    ],
    ["signal_bar", { kind: "i32", values: f.signalBar }],
  ];
  return cols;
}

function fillColumns(bars: Bars, sim: SimulationResult): [string, ParquetColumn][] {
  const f = sim.fills;
  return [
    ["ts", { kind: "timestamp_ms_as_ns", values: tsOf(bars, f.bar) }],
    ["fill_id", { kind: "i32", values: sequence(f.length) }],
    ["order_id", { kind: "i32", values: sequence(f.length) }],
    ["bar", { kind: "i32", values: f.bar }],
    ["qty", { kind: "f64", values: f.qty }],
    ["ref_price", { kind: "f64", values: f.refPrice }],
    ["price", { kind: "f64", values: f.price }],
    ["slippage", { kind: "f64", values: f.slippage }],
    ["fee", { kind: "f64", values: f.fee }],
  ];
}

function tradeColumns(bars: Bars, sim: SimulationResult): [string, ParquetColumn][] {
  const t = sim.trades;
  return [
    ["entry_ts", { kind: "timestamp_ms_as_ns", values: tsOf(bars, t.entryBar) }],
    ["exit_ts", { kind: "timestamp_ms_as_ns", values: tsOf(bars, t.exitBar) }],
    ["side", { kind: "utf8", values: Array.from(t.side, (s) => (s > 0 ? "long" : "short")) }],
    ["qty", { kind: "f64", values: t.qty }],
    ["entry_price", { kind: "f64", values: t.entryPrice }],
    ["exit_price", { kind: "f64", values: t.exitPrice }],
    ["pnl", { kind: "f64", values: t.pnl }],
    ["return_pct", { kind: "f64", values: t.returnPct }],
  ];
}

/** The Deflated Sharpe Ratio's inputs, as recorded in a run-manifest. */
export interface DsrInputs {
  trials: number;
  sharpeVariance: number | null;
  source: string;
}

/**
 * Computes the validation stage and writes its files through `w`.
 */
export async function writeValidationArtifacts(
  w: FolderWriter,
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  out: EngineOutput,
  dsr: DsrInputs,
): Promise<void> {
  const vcfg = parseValidationConfig(cfg.validation);
  const dayStarts = vcfg.permutation?.within_day ? tradingDayStarts(bars.ts) : undefined;
  const { summary, details } = runValidationWithDetails(bars, cfg, barsPerYear, out, {
    dsr,
    dayStarts,
  });
  let walk: Record<string, unknown> | null = null;
  if (vcfg.walk_forward !== undefined) {
    const wf = walkForward(bars, cfg, parseWalkForwardConfig(vcfg.walk_forward), barsPerYear);
    walk = {
      folds: wf.folds.map((f) => ({
        index: f.index,
        train: [f.trainStart, f.trainEnd],
        test: [f.testStart, f.testEnd],
        params: f.params,
        is_sharpe: f.isSharpe,
        oos_sharpe: f.oosSharpe,
        oos_total_return: f.oosMetrics.total_return,
      })),
      candidates: wf.candidates.length,
      grid: wf.grid,
      oos: { start: wf.oos.start, end: wf.oos.end, metrics: wf.oos.metrics },
      degradation: {
        mean_is_sharpe: wf.degradation.meanIsSharpe,
        mean_oos_sharpe: wf.degradation.meanOosSharpe,
        ratio: wf.degradation.ratio,
        difference: wf.degradation.difference,
      },
    };
  }
  const deferred = summary.deferred.filter((d) => !(d === "walk_forward" && walk !== null));
  await w.json("validation_summary.json", {
    ...summary,
    deferred,
    ...(walk ? { walk_forward: walk } : {}),
    dsr_trials_source: dsr.source,
  });
  const detailEntries = Object.entries(details).filter(([, v]) => v !== undefined);
  if (detailEntries.length > 0) {
    const plain = JSON.parse(JSON.stringify(
      Object.fromEntries(detailEntries),
      (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v),
    ));
    await w.json("validation_details.json", plain);
  }
}
