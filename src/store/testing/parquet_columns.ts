/**
 * @module
 * Test support for the Parquet writer: sample columns of every kind, and two independent
 * readers that decode a file into plain arrays — parquet-wasm (Rust's parquet crate, through
 * apache-arrow) and hyparquet (a JavaScript reader) — so a test can compare what a file holds
 * with what was written using `assert.deepStrictEqual` (NaN equals NaN, -0 differs from 0).
 */
import { zstdDecompressSync } from "node:zlib";
import { parquetMetadata, parquetRead } from "hyparquet";
import { seedState, Xoshiro128 } from "../../domain/random.ts";
import { readParquet } from "../parquet.ts";
import { msToNsInt64, type ParquetColumn } from "../parquet_writer.ts";

/** A column's values as plain JS values: numbers, bigints (int64, ns), strings, booleans. */
export type PlainColumns = Record<string, unknown[]>;

/**
 * `n` rows of every column kind, from `seed`: doubles with NaN, ±0 and ±Infinity, int64 at its
 * extremes, uint32 above 2^31, strings with runs, non-ASCII and empty values, booleans.
 */
export function sampleColumns(n: number, seed: number): [string, ParquetColumn][] {
  const rng = new Xoshiro128(seedState(seed));
  const f = () => rng.nextFloat();
  const special = [NaN, -0, 0, Infinity, -Infinity, 5e-324, -1.7976931348623157e308];
  const f64 = Float64Array.from(
    { length: n },
    (_, i) => i % 97 === 3 ? special[(i / 97 | 0) % special.length] : (f() - 0.5) * 1e6,
  );
  const i64 = BigInt64Array.from({ length: n }, () => BigInt(Math.floor(f() * 1e15)) - 10n ** 14n);
  if (n > 1) [i64[0], i64[1]] = [-(2n ** 63n), 2n ** 63n - 1n];
  // Strings in runs of 1-30 of a few values (dictionary indices: RLE and bit-packed runs).
  const words = ["buy", "sell", "", "näive", "日本", "market"];
  const runs: string[] = [];
  while (runs.length < n) {
    const w = words[Math.floor(f() * words.length)];
    for (let k = 1 + Math.floor(f() * 30); k > 0 && runs.length < n; k--) runs.push(w);
  }
  return [
    ["ts", {
      kind: "timestamp_ms_as_ns",
      values: Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 60_000),
    }],
    ["x", { kind: "f64", values: f64 }],
    ["i32", { kind: "i32", values: Int32Array.from({ length: n }, () => (f() * 4e9 - 2e9) | 0) }],
    ["u32", { kind: "u32", values: Uint32Array.from({ length: n }, () => (f() * 4.2e9) >>> 0) }],
    ["i64", { kind: "i64", values: i64 }],
    ["side", {
      kind: "utf8",
      values: Array.from({ length: n }, () => (f() < 0.5 ? "buy" : "sell")),
    }],
    ["word", { kind: "utf8", values: runs }],
    ["note", { kind: "utf8", values: Array.from({ length: n }, (_, i) => `é${i}`.repeat(i % 3)) }],
    ["flag", { kind: "bool", values: Array.from({ length: n }, () => f() < 0.3) }],
  ];
}

/** What a reader should find for `columns`. */
export function plainColumns(columns: [string, ParquetColumn][]): PlainColumns {
  const out: PlainColumns = {};
  for (const [name, col] of columns) {
    out[name] = col.kind === "timestamp_ms_as_ns"
      ? Array.from(msToNsInt64(col.values))
      : Array.from(col.values as ArrayLike<unknown>);
  }
  return out;
}

/** Decodes a file with parquet-wasm (into apache-arrow), every column to plain values. */
export async function readViaParquetWasm(bytes: Uint8Array): Promise<PlainColumns> {
  const table = await readParquet(bytes);
  const out: PlainColumns = {};
  for (const field of table.schema.fields) {
    const col = table.getChild(field.name)!;
    const values: unknown[] = [];
    for (const chunk of col.data) {
      // apache-arrow's getter turns ns timestamps into ms numbers: take the raw int64s.
      const raw = field.typeId === 10 ? chunk.values as BigInt64Array : null;
      for (let i = 0; i < chunk.length; i++) {
        if (!chunk.getValid(i)) values.push(null);
        else values.push(raw ? raw[i] : col.get(values.length));
      }
    }
    out[field.name] = values;
  }
  return out;
}

/** Decodes a file with hyparquet, every column to plain values (int64 and ns as bigint). */
export async function readViaHyparquet(bytes: Uint8Array): Promise<PlainColumns> {
  const file = bytes.slice().buffer;
  const metadata = parquetMetadata(file);
  const names = metadata.schema.slice(1).map((s) => s.name);
  const out: PlainColumns = Object.fromEntries(names.map((n) => [n, []]));
  await parquetRead({
    file,
    metadata,
    compressors: { ZSTD: (input: Uint8Array) => new Uint8Array(zstdDecompressSync(input)) },
    parsers: { timestampFromNanoseconds: (ns: bigint) => ns },
    onChunk: ({ columnName, columnData, rowStart }) => {
      const col = out[columnName];
      for (let i = 0; i < columnData.length; i++) col[rowStart + i] = columnData[i];
    },
  });
  return out;
}
