/**
 * @module
 * The one door to Parquet: columnar tables in, zstd-compressed Parquet bytes out, and back.
 * Built on parquet-wasm (Rust's parquet crate as WASM), so the files open unchanged in pandas,
 * polars and DuckDB. Output is deterministic: the same columns give the same bytes. Writes
 * hand parquet-wasm an Arrow IPC stream encoded directly (`arrow_ipc.ts`); reads decode into
 * apache-arrow tables, loaded on the first read (a backtest writes Parquet but never reads it).
 */
import type * as arrow from "apache-arrow";
import initParquet, * as pq from "parquet-wasm/esm";
import { encodeIpcStream, type IpcColumn } from "./arrow_ipc.ts";
import { canonicalJson } from "../domain/canonical_json.ts";

/** A column for {@link writeParquet}: a typed array, or UTC timestamps in ms. */
export type ParquetColumn =
  | { kind: "f64"; values: Float64Array }
  | { kind: "i64"; values: BigInt64Array }
  | { kind: "i32"; values: Int32Array }
  | { kind: "u32"; values: Uint32Array }
  | { kind: "utf8"; values: string[] }
  | { kind: "bool"; values: boolean[] }
  | { kind: "timestamp_ms_as_ns"; values: Float64Array };

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

/** The one footer key under which {@link writeParquet} stores a file's metadata (as JSON). */
export const PARQUET_METADATA_KEY = "hewston";

/**
 * Encodes named columns (all of one length) as one Parquet file, zstd-compressed.
 * @param columns ordered map of column name to values
 * @param opts `metadata`: key-value pairs stored in the file footer as one canonical JSON
 * object (sorted keys) under {@link PARQUET_METADATA_KEY}, so the bytes are the same on every write
 * @returns the file bytes
 */
export async function writeParquet(
  columns: [string, ParquetColumn][],
  opts: { metadata?: Record<string, string> } = {},
): Promise<Uint8Array> {
  await initParquetWasm();
  const wasmTable = pq.Table.fromIPCStream(encodeIpcStream(columns.map(([n, c]) => [n, toIpc(c)])));
  // Dictionary pages pay off only for repeated strings; on float columns they cost 3× the
  // write time and make the file larger.
  let builder = new pq.WriterPropertiesBuilder()
    .setCompression(pq.Compression.ZSTD)
    .setDictionaryEnabled(false)
    .setMaxRowGroupSize(1 << 20);
  for (const [name, col] of columns) {
    if (col.kind === "utf8") builder = builder.setColumnDictionaryEnabled(name, true);
  }
  if (opts.metadata) {
    // One footer key: parquet-wasm orders several keys through a hash map, so with several the
    // bytes differed from write to write (10 identical writes, 10 different files).
    builder = builder.setKeyValueMetadata(
      new Map([[PARQUET_METADATA_KEY, canonicalJson(opts.metadata)]]),
    );
  }
  const props = builder.build();
  return pq.writeParquet(wasmTable, props);
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

/**
 * Whole-ms timestamps (as doubles) → int64 nanoseconds, exactly, without BigInt: ms < 2^42
 * (until year 2109) splits into 32-bit halves whose products with 1e6 stay below 2^53.
 */
export function msToNsInt64(ms: Float64Array): BigInt64Array {
  const out = new BigInt64Array(ms.length);
  const w = new Uint32Array(out.buffer);
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i];
    if (!Number.isInteger(m) || m < 0 || m >= 2 ** 42) {
      out[i] = BigInt(Math.round(m)) * 1_000_000n; // rare: outside the fast range
      continue;
    }
    const hi = Math.floor(m / 4294967296);
    const lo = m - hi * 4294967296;
    const low = lo * 1_000_000; // < 2^52, exact
    const carry = Math.floor(low / 4294967296);
    w[2 * i] = low - carry * 4294967296;
    w[2 * i + 1] = hi * 1_000_000 + carry;
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

function toIpc(col: ParquetColumn): IpcColumn {
  return col.kind === "timestamp_ms_as_ns"
    ? { kind: "timestamp_ns_utc", values: msToNsInt64(col.values) }
    : col;
}
