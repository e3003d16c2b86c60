/**
 * @module
 * A run's engine outputs as artifacts: metrics.json, equity.parquet, orders.parquet,
 * fills.parquet, trades.parquet. The engine's columnar structs become the files' snake_case
 * columns here; the store only writes bytes. Every file is a pure function of its inputs, so
 * the same run gives the same bytes.
 */
import type { Bars } from "../../domain/bars.ts";
import type { SimulationResult } from "../../engine/types.ts";
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
