/**
 * @module
 * Bars ⇄ Parquet. Columns: ts (timestamp[ns, UTC], bar open), open, high, low, close,
 * volume, vwap (float64), trade_count (uint32), bid_mean, ask_mean, spread_mean (float64).
 */
import type { Bars } from "../domain/bars.ts";
import { numericColumn, readParquet, timestampColumnToMs, writeParquet } from "./parquet.ts";

/** Encodes bars as zstd Parquet bytes (deterministic). */
export function encodeBarsParquet(bars: Bars): Promise<Uint8Array> {
  return writeParquet([
    ["ts", { kind: "timestamp_ms_as_ns", values: bars.ts }],
    ["open", { kind: "f64", values: bars.open }],
    ["high", { kind: "f64", values: bars.high }],
    ["low", { kind: "f64", values: bars.low }],
    ["close", { kind: "f64", values: bars.close }],
    ["volume", { kind: "f64", values: bars.volume }],
    ["vwap", { kind: "f64", values: bars.vwap }],
    ["trade_count", { kind: "u32", values: bars.tradeCount }],
    ["bid_mean", { kind: "f64", values: bars.bidMean }],
    ["ask_mean", { kind: "f64", values: bars.askMean }],
    ["spread_mean", { kind: "f64", values: bars.spreadMean }],
  ]);
}

/**
 * Decodes bars from Parquet bytes written by {@link encodeBarsParquet} (or any file with
 * those column names; missing optional columns default as in the CSV import).
 */
export async function decodeBarsParquet(bytes: Uint8Array): Promise<Bars> {
  const table = await readParquet(bytes);
  const has = (n: string) => table.getChild(n) !== null;
  const ts = timestampColumnToMs(table, "ts");
  const close = numericColumn(table, "close");
  const nan = () => new Float64Array(ts.length).fill(NaN);
  const tc = has("trade_count") ? numericColumn(table, "trade_count") : null;
  return {
    length: ts.length,
    ts,
    open: numericColumn(table, "open"),
    high: numericColumn(table, "high"),
    low: numericColumn(table, "low"),
    close,
    volume: has("volume") ? numericColumn(table, "volume") : new Float64Array(ts.length),
    vwap: has("vwap") ? numericColumn(table, "vwap") : close.slice(),
    tradeCount: tc ? Uint32Array.from(tc) : new Uint32Array(ts.length),
    bidMean: has("bid_mean") ? numericColumn(table, "bid_mean") : nan(),
    askMean: has("ask_mean") ? numericColumn(table, "ask_mean") : nan(),
    spreadMean: has("spread_mean") ? numericColumn(table, "spread_mean") : nan(),
  };
}

/** Reads a bars Parquet file. */
export async function readBarsParquet(path: string): Promise<Bars> {
  return decodeBarsParquet(await Deno.readFile(path));
}
