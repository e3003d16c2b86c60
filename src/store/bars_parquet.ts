/**
 * @module
 * Bars ⇄ Parquet. Columns: ts (timestamp[ns, UTC], bar open), open, high, low, close,
 * volume, vwap (float64), trade_count (uint32), bid_mean, ask_mean, spread_mean (float64).
 */
import { BAR_FIELDS, type Bars } from "../domain/bars.ts";
import { numericColumn, readParquet, timestampColumnToMs } from "./parquet.ts";
import { type ParquetColumn, writeParquet } from "./parquet_writer.ts";

/** Encodes bars as zstd Parquet bytes (deterministic), columns in `BAR_FIELDS` order. */
export function encodeBarsParquet(bars: Bars): Promise<Uint8Array> {
  return writeParquet(BAR_FIELDS.map((f): [string, ParquetColumn] => {
    const values = bars[f.key];
    switch (f.type) {
      case "time":
        return [f.column, { kind: "timestamp_ms_as_ns", values: values as Float64Array }];
      case "u32":
        return [f.column, { kind: "u32", values: values as Uint32Array }];
      default:
        return [f.column, { kind: "f64", values: values as Float64Array }];
    }
  }));
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
