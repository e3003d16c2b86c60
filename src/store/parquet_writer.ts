/**
 * @module
 * Columns → one Parquet file, written here in TypeScript: PLAIN values (dictionary-encoded
 * strings), data pages v1 of 20,480 rows, zstd through `node:zlib`, row groups of up to 2^20
 * rows, statistics, the page index (column and offset indexes), and the Arrow schema under
 * `ARROW:schema` — the layout parquet-wasm (Rust's parquet crate) wrote before, so readers see
 * the same schema and values. It replaced parquet-wasm on the write path because a cold WASM
 * instance took ~130 ms to write a run's artifacts; a backtest now never loads the WASM.
 * Same columns → same bytes: nothing depends on time, order of a hash map or the heap.
 * Spec: Apache Parquet `parquet.thrift` (format 2.x) and `Encodings.md`.
 */
import { constants as zlibConstants, zstdCompressSync } from "node:zlib";
import { ByteChain, ByteSink, encodeHybrid, packBools } from "./_parquet_encodings.ts";
import { fileMetadata } from "./_parquet_footer.ts";
import {
  BOOLEAN,
  BYTE_ARRAY,
  type ChunkMeta,
  DATA_PAGE,
  DICTIONARY_PAGE,
  DOUBLE,
  INT32,
  INT64,
  type Leaf,
  PLAIN,
  RLE,
  RLE_DICTIONARY,
  type Stats,
  type StringValues,
} from "./_parquet_format.ts";
import { columnIndex, compareBytes, mergeStats, statsOf } from "./_parquet_stats.ts";
import { CompactWriter, TType } from "./thrift_compact.ts";

export { PARQUET_METADATA_KEY } from "./_parquet_format.ts";

/** A column for {@link writeParquet}: a typed array, or UTC timestamps in ms. */
export type ParquetColumn =
  | { kind: "f64"; values: Float64Array }
  | { kind: "i64"; values: BigInt64Array }
  | { kind: "i32"; values: Int32Array }
  | { kind: "u32"; values: Uint32Array }
  | { kind: "utf8"; values: string[] }
  | { kind: "bool"; values: boolean[] }
  | { kind: "timestamp_ms_as_ns"; values: Float64Array };

/**
 * Rows per data page, where parquet-rs cut them (20,000 checked every 1,024 rows): reading a
 * range by the offset index (`readParquetRows`, the `/artifacts` pages) decodes pages this big.
 */
const PAGE_ROWS = 20_480;
/** Rows per row group, as parquet-wasm's writer was configured. */
const ROW_GROUP_ROWS = 1 << 20;

/** A string column whose dictionary would exceed this (bytes) is written PLAIN instead. */
const DICTIONARY_LIMIT = 1 << 20;

const ZSTD_OPTIONS = { params: { [zlibConstants.ZSTD_c_compressionLevel]: 1 } };

/**
 * Encodes named columns (all of one length) as one Parquet file, zstd-compressed.
 * @param columns ordered map of column name to values
 * @param opts `metadata`: key-value pairs stored in the file footer as one canonical JSON
 * object (sorted keys) under {@link PARQUET_METADATA_KEY}
 * @returns the file bytes (a promise, as the parquet-wasm writer it replaced returned)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = await writeParquet([["x", { kind: "f64", values: new Float64Array([1, 2]) }]]);
 * assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "PAR1");
 * ```
 */
export function writeParquet(
  columns: [string, ParquetColumn][],
  opts: { metadata?: Record<string, string> } = {},
): Promise<Uint8Array> {
  try {
    return Promise.resolve(encodeParquet(columns, opts.metadata));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** The synchronous body of {@link writeParquet}. */
export function encodeParquet(
  columns: [string, ParquetColumn][],
  metadata?: Record<string, string>,
): Uint8Array {
  const rows = columns.length === 0 ? 0 : columns[0][1].values.length;
  for (const [name, col] of columns) {
    if (col.values.length !== rows) {
      throw new RangeError(`parquet: column ${name} has ${col.values.length} values, not ${rows}`);
    }
  }
  const leaves = columns.map(([name, col]) => leafOf(name, col, rows));
  const out = new ByteChain();
  out.bytes(MAGIC);
  const groups: ChunkMeta[][] = [];
  for (let r0 = 0; r0 < rows; r0 += ROW_GROUP_ROWS) {
    const r1 = Math.min(rows, r0 + ROW_GROUP_ROWS);
    groups.push(leaves.map((leaf) => writeChunk(out, leaf, r0, r1)));
  }
  // The page index after all the data, column indexes first (as parquet-rs lays it out).
  for (const group of groups) {
    for (const c of group) {
      if (!c.columnIndex) continue;
      c.columnIndexOffset = out.length;
      out.bytes(c.columnIndex);
    }
  }
  for (const group of groups) {
    for (const c of group) {
      c.offsetIndexOffset = out.length;
      out.bytes(c.offsetIndex);
    }
  }
  const footer = fileMetadata(leaves, groups, rows, metadata);
  out.bytes(footer);
  out.u32(footer.length);
  out.bytes(MAGIC);
  return out.join();
}

const MAGIC = new TextEncoder().encode("PAR1");

const utf8 = new TextEncoder();

function leafOf(name: string, col: ParquetColumn, rows: number): Leaf {
  // Nullability as apache-arrow gave it to parquet-wasm (typed arrays non-null; strings,
  // booleans, timestamps and every column of an empty table nullable), so readers see the
  // schema they always saw. No value is ever null: OPTIONAL costs one RLE run per page.
  const optional = rows === 0 || col.kind === "utf8" || col.kind === "bool" ||
    col.kind === "timestamp_ms_as_ns";
  const view = (a: ArrayBufferView, width: number) => ({
    bytes: new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
    width,
  });
  switch (col.kind) {
    case "f64":
      return {
        name,
        physical: DOUBLE,
        optional,
        arrow: "f64",
        fixed: view(col.values, 8),
        numbers: col.values,
      };
    case "i32":
    case "u32":
      return {
        name,
        physical: INT32,
        optional,
        arrow: col.kind,
        fixed: view(col.values, 4),
        numbers: col.values,
      };
    case "i64":
      return {
        name,
        physical: INT64,
        optional,
        arrow: "i64",
        fixed: view(col.values, 8),
        halves: new Int32Array(col.values.buffer, col.values.byteOffset, col.values.length * 2),
      };
    case "timestamp_ms_as_ns":
      return {
        name,
        physical: INT64,
        optional,
        arrow: "timestamp_ns_utc",
        fixed: view(msToNsInt64(col.values), 8),
        numbers: col.values, // whole ms: the same order as the ns, cheaper to compare
      };
    case "bool":
      return { name, physical: BOOLEAN, optional, arrow: "bool", bools: col.values };
    case "utf8":
      return {
        name,
        physical: BYTE_ARRAY,
        optional,
        arrow: "utf8",
        strings: stringValues(col.values),
      };
  }
}

/** Dictionary-encodes strings (first-seen order) unless the dictionary grows too large. */
function stringValues(values: string[]): StringValues {
  const ids = new Map<string, number>();
  const dictionary: Uint8Array[] = [];
  const indices = new Int32Array(values.length);
  let size = 0;
  let prev: string | undefined;
  let prevId = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Runs of one value (the usual case) skip the map.
    if (v !== prev) {
      let id = ids.get(v);
      if (id === undefined) {
        id = dictionary.length;
        ids.set(v, id);
        const b = utf8.encode(v);
        dictionary.push(b);
        size += 4 + b.length;
        if (size > DICTIONARY_LIMIT) return { plain: values.map((s) => utf8.encode(s)) };
      }
      prev = v;
      prevId = id;
    }
    indices[i] = prevId;
  }
  // Each entry's place in byte order: a page's min and max are then integer comparisons.
  const order = dictionary.map((_, i) => i).sort((a, b) =>
    compareBytes(dictionary[a], dictionary[b])
  );
  const rank = new Int32Array(dictionary.length);
  order.forEach((id, r) => rank[id] = r);
  return { dictionary, indices, rank };
}

/** Writes one column chunk of rows `[r0, r1)`: its dictionary page, if any, and data pages. */
function writeChunk(out: ByteChain, leaf: Leaf, r0: number, r1: number): ChunkMeta {
  const meta: ChunkMeta = {
    leaf,
    rows: r1 - r0,
    dictionaryOffset: null,
    dataOffset: 0,
    compressed: 0,
    uncompressed: 0,
    dataPages: 0,
    stats: null,
    columnIndex: null,
    columnIndexOffset: 0,
    offsetIndex: new Uint8Array(0),
    offsetIndexOffset: 0,
  };
  const strings = leaf.strings;
  let bitWidth = 0;
  if (strings && "dictionary" in strings) {
    meta.dictionaryOffset = out.length;
    // The whole column's dictionary, in every row group's chunk: the indices stay the
    // column's own.
    const body = new ByteSink(1024);
    for (const b of strings.dictionary) {
      body.u32(b.length);
      body.bytes(b);
    }
    writePage(out, meta, DICTIONARY_PAGE, body.result(), strings.dictionary.length, PLAIN);
    // At least 1 bit: a zero-width index run is legal but not every reader takes it.
    bitWidth = Math.max(1, 32 - Math.clz32(strings.dictionary.length - 1));
  }
  meta.dataOffset = out.length;
  const locations: [number, number, number][] = [];
  const pageStats: (Stats | null)[] = [];
  for (let p0 = r0; p0 < r1; p0 += PAGE_ROWS) {
    const p1 = Math.min(r1, p0 + PAGE_ROWS);
    const n = p1 - p0;
    let encoding = PLAIN;
    let page: Uint8Array;
    if (leaf.fixed && !leaf.optional) {
      // Values only: the column's own bytes, no copy.
      const { bytes, width } = leaf.fixed;
      page = bytes.subarray(p0 * width, p1 * width);
    } else {
      page = pageBody(leaf, p0, p1, bitWidth);
      if (strings && "dictionary" in strings) encoding = RLE_DICTIONARY;
    }
    const at = out.length;
    const size = writePage(out, meta, DATA_PAGE, page, n, encoding);
    locations.push([at, size, p0 - r0]);
    pageStats.push(statsOf(leaf, p0, p1));
    meta.dataPages++;
  }
  meta.stats = mergeStats(pageStats);
  meta.columnIndex = columnIndex(pageStats);
  const w = new CompactWriter();
  w.list(1, TType.STRUCT, locations.length);
  for (const [offset, size, first] of locations) {
    w.elemStruct();
    w.i64(1, offset);
    w.i32(2, size);
    w.i64(3, first);
    w.end();
  }
  w.end();
  meta.offsetIndex = w.bytes().slice();
  return meta;
}

/** A data page's uncompressed body: definition levels (for OPTIONAL), then the values. */
function pageBody(leaf: Leaf, p0: number, p1: number, bitWidth: number): Uint8Array {
  const n = p1 - p0;
  // Definition levels (bit width 1), all 1: one RLE run, after its 4-byte length.
  const levels = new ByteSink(8);
  if (leaf.optional) {
    const run = new ByteSink(8);
    run.varint(n * 2);
    run.byte(1);
    levels.u32(run.length);
    levels.bytes(run.result());
  }
  const head = levels.result();
  if (leaf.fixed || leaf.bools) {
    // Values of known size: one exact allocation.
    const values = leaf.fixed
      ? leaf.fixed.bytes.subarray(p0 * leaf.fixed.width, p1 * leaf.fixed.width)
      : packBools(leaf.bools!, p0, p1);
    const body = new Uint8Array(head.length + values.length);
    body.set(head);
    body.set(values, head.length);
    return body;
  }
  const strings = leaf.strings!;
  const body = new ByteSink(head.length + 16 + n * ("plain" in strings ? 16 : 1));
  body.bytes(head);
  if ("plain" in strings) {
    for (let i = p0; i < p1; i++) {
      body.u32(strings.plain[i].length);
      body.bytes(strings.plain[i]);
    }
  } else {
    body.byte(bitWidth);
    encodeHybrid(body, strings.indices, p0, p1, bitWidth);
  }
  return body.result();
}

/** Compresses and writes one page with its header; returns its size in the file. */
function writePage(
  out: ByteChain,
  meta: ChunkMeta,
  type: number,
  body: Uint8Array,
  values: number,
  encoding: number,
): number {
  const compressed = zstdCompressSync(body, ZSTD_OPTIONS);
  const w = new CompactWriter();
  w.i32(1, type);
  w.i32(2, body.length);
  w.i32(3, compressed.length);
  if (type === DATA_PAGE) {
    w.struct(5);
    w.i32(1, values);
    w.i32(2, encoding);
    w.i32(3, RLE); // definition levels
    w.i32(4, RLE); // repetition levels (none: the schema is flat)
    w.end();
  } else {
    w.struct(7);
    w.i32(1, values);
    w.i32(2, encoding);
    w.end();
  }
  w.end();
  const header = w.bytes();
  out.bytes(header);
  out.bytes(compressed);
  meta.uncompressed += header.length + body.length;
  meta.compressed += header.length + compressed.length;
  return header.length + compressed.length;
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
