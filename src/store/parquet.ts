/**
 * @module
 * Reading Parquet: bytes → apache-arrow tables, through parquet-wasm (Rust's parquet crate as
 * WASM), loaded on the first read — a backtest writes Parquet (`parquet_writer.ts`, no WASM)
 * but never reads it. Also the helpers that turn Arrow columns back into typed arrays.
 */
import type * as arrow from "apache-arrow";
import initParquet, * as pq from "parquet-wasm/esm";

export { PARQUET_METADATA_KEY, type ParquetColumn } from "./parquet_writer.ts";

let ready: Promise<void> | undefined;

/** Loads the parquet-wasm module once (from node_modules; no network). */
export function initParquetWasm(): Promise<void> {
  ready ??= (async () => {
    const start = performance.now();
    const url = new URL(import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm"));
    await initParquet({ module_or_path: await Deno.readFile(url) });
    performance.measure("hewston:parquet init", { start });
  })();
  return ready;
}

/**
 * Decodes Parquet bytes into an Arrow table.
 * @param bytes a Parquet file's bytes
 */
export async function readParquet(bytes: Uint8Array): Promise<arrow.Table> {
  const [arrow] = await Promise.all([import("apache-arrow"), initParquetWasm()]);
  const wasmTable = pq.readParquet(bytes);
  return arrow.tableFromIPC(wasmTable.intoIPCStream());
}

/**
 * Decodes only rows `[offset, offset + limit)` of a Parquet file, and reads its row count from
 * the footer: the reader skips the pages it does not need, so a 100-row page of a symbol-year
 * costs a few milliseconds instead of decoding the whole file.
 * @param bytes a Parquet file's bytes
 * @returns the rows (an empty table with the file's columns past the end) and the file's total
 */
export async function readParquetRows(
  bytes: Uint8Array,
  offset: number,
  limit: number,
): Promise<{ table: arrow.Table; total: number }> {
  const [arrow] = await Promise.all([import("apache-arrow"), initParquetWasm()]);
  const file = await pq.ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  try {
    const total = Number(file.metadata().fileMetadata().numRows());
    const start = Math.max(0, Math.min(offset, total));
    const n = Math.max(0, Math.min(limit, total - start));
    // A zero-row read is not expressible (limit 0 reads all): read one row, keep none.
    const wasm = await file.read({ offset: n > 0 ? start : 0, limit: Math.max(1, n) });
    const table = arrow.tableFromIPC(wasm.intoIPCStream());
    return { table: n > 0 ? table : table.slice(0, 0), total };
  } finally {
    file.free();
  }
}

/** Converts an Arrow timestamp column (any unit) or int64 ns column to UTC ms (whole ms for ns/µs). */
export function timestampColumnToMs(table: arrow.Table, name: string): Float64Array {
  const col = table.getChild(name);
  if (!col) throw new Error(`column ${name} missing`);
  const out = new Float64Array(col.length);
  const type = col.type as arrow.DataType;
  let perMs = 1_000_000; // ns
  // apache-arrow's Type.Timestamp and TimeUnit values (constants: apache-arrow loads lazily).
  if (type.typeId === 10) {
    const unit = (type as arrow.Timestamp).unit as number;
    perMs = unit === 0 ? 1e-3 : unit === 1 ? 1 : unit === 2 ? 1000 : 1_000_000;
  }
  let i = 0;
  for (const chunk of col.data) {
    const v = chunk.values as BigInt64Array;
    // Read the int64 through its 32-bit halves: no BigInt per value.
    // `values` already starts at the chunk's offset.
    const w = new Int32Array(v.buffer, v.byteOffset, chunk.length * 2);
    for (let j = 0; j < chunk.length; j++) {
      out[i++] = int64HalvesToMs(w[2 * j + 1], w[2 * j] >>> 0, perMs);
    }
  }
  return out;
}

function int64HalvesToMs(hi: number, lo: number, perMs: number): number {
  // The double sum is off by at most 256 ns at today's epochs: rounding to whole ms is exact.
  const ms = (hi * 4294967296 + lo) / perMs;
  return perMs > 1 ? Math.round(ms) : ms;
}

/** Reads a numeric Arrow column into a fresh Float64Array (nulls → NaN). */
export function numericColumn(table: arrow.Table, name: string): Float64Array {
  const col = table.getChild(name);
  if (!col) throw new Error(`column ${name} missing`);
  const out = new Float64Array(col.length);
  let i = 0;
  for (const chunk of col.data) {
    const raw = chunk.values as ArrayLike<number | bigint>;
    for (let j = 0; j < chunk.length; j++) {
      out[i++] = chunk.getValid(j) ? Number(raw[j]) : NaN;
    }
  }
  return out;
}
