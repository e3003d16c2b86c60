/**
 * @module
 * The binary columnar form of a run's series (`GET /backtests/{id}/series` with
 * `Accept: application/octet-stream`): the same columns as the JSON `seriesResponse`, as
 * little-endian typed arrays a browser reads in place (no parse, no copy), behind a small JSON
 * header. Layout:
 *
 *     bytes 0–3    "HSER"
 *     bytes 4–7    u32 LE: byte length L of the header JSON
 *     bytes 8–…    the header JSON (UTF-8), then zero bytes up to a multiple of 8
 *     …            each column at the byte offset its header entry names (a multiple of 8)
 *
 * The header holds the JSON document's scalars (`run_id`, `symbol`, `from_index`, `to_index`,
 * `total_bars`, `bars_per_year`) and `columns`: `{name, type, offset, length}` per column,
 * `type` one of `f64`, `i32`, `i8`. Names are the JSON paths (`bars.ts`, `curve.equity`,
 * `fills.side`, …); times are UTC seconds as in the JSON; a missing number is NaN where the
 * JSON has null; `fills.side` is +1 buy, -1 sell. Every float is the exact double the JSON
 * would print, so both forms decode to the same numbers. No I/O here: the server encodes,
 * the UI decodes, both with this module.
 */

/** Media type of the binary series. */
export const SERIES_BINARY_TYPE = "application/octet-stream";

const MAGIC = [0x48, 0x53, 0x45, 0x52]; // "HSER"

/** Element types of a column. */
export type SeriesColumnType = "f64" | "i32" | "i8";

/** A column's typed array by element type. */
export type SeriesColumnArray = Float64Array | Int32Array | Int8Array;

/** One column entry of the header. */
export interface SeriesColumnEntry {
  name: string;
  type: SeriesColumnType;
  /** Byte offset from the start of the body (a multiple of 8). */
  offset: number;
  /** Elements. */
  length: number;
}

/** The scalars of a series (as in the JSON form). */
export interface SeriesScalars {
  run_id: string;
  symbol: string;
  from_index: number;
  to_index: number;
  total_bars: number;
  bars_per_year: number;
}

/** The header of a binary series. */
export interface SeriesBinaryHeader extends SeriesScalars {
  format: "hewston-series";
  version: 1;
  columns: SeriesColumnEntry[];
}

/** Columns of the series, by JSON path, in the order they are written. */
export const SERIES_COLUMNS: readonly (readonly [string, SeriesColumnType])[] = [
  ["bars.ts", "f64"],
  ["bars.open", "f64"],
  ["bars.high", "f64"],
  ["bars.low", "f64"],
  ["bars.close", "f64"],
  ["bars.volume", "f64"],
  ["curve.equity", "f64"],
  ["curve.drawdown", "f64"],
  ["curve.position", "f64"],
  ["fills.ts", "f64"],
  ["fills.qty", "f64"],
  ["fills.price", "f64"],
  ["fills.fee", "f64"],
  ["fills.slippage", "f64"],
  ["fills.bar", "i32"],
  ["fills.side", "i8"],
];

const BYTES: Record<SeriesColumnType, number> = { f64: 8, i32: 4, i8: 1 };
const align8 = (n: number) => Math.ceil(n / 8) * 8;

/**
 * Encodes a series: `columns` must hold every name of {@link SERIES_COLUMNS} with an array of
 * its type.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const n = 2, m = 1;
 * const cols: Record<string, Float64Array | Int32Array | Int8Array> = {};
 * for (const [name, type] of SERIES_COLUMNS) {
 *   const len = name.startsWith("fills.") ? m : n;
 *   cols[name] = type === "f64" ? new Float64Array(len).fill(1.5)
 *     : type === "i32" ? new Int32Array(len) : Int8Array.of(-1);
 * }
 * const scalars = { run_id: "r", symbol: "S", from_index: 0, to_index: 1, total_bars: 2,
 *   bars_per_year: 98_280 };
 * const back = decodeSeriesBinary(encodeSeriesBinary(scalars, cols).buffer);
 * assert.equal(back.header.symbol, "S");
 * assert.deepEqual([...back.columns["bars.close"]], [1.5, 1.5]);
 * assert.deepEqual([...back.columns["fills.side"]], [-1]);
 * ```
 */
export function encodeSeriesBinary(
  scalars: SeriesScalars,
  columns: Record<string, SeriesColumnArray>,
): Uint8Array<ArrayBuffer> {
  const entries: SeriesColumnEntry[] = SERIES_COLUMNS.map(([name, type]) => {
    const a = columns[name];
    if (!a || BYTES[type] !== a.BYTES_PER_ELEMENT) {
      throw new Error(`series column ${name}: missing or not ${type}`);
    }
    return { name, type, offset: 0, length: a.length };
  });
  /** Places the columns from byte `start` on; returns the body's length. */
  const layOut = (start: number) => {
    let at = start;
    for (const e of entries) {
      e.offset = at;
      at = align8(at + e.length * BYTES[e.type]);
    }
    return at;
  };
  const headerBytes = () =>
    new TextEncoder().encode(JSON.stringify(
      {
        format: "hewston-series",
        version: 1,
        ...pick(scalars),
        columns: entries,
      } satisfies SeriesBinaryHeader,
    ));
  // The offsets are in the header, whose length depends on their digits: lay out, measure,
  // and lay out again past the header until it fits (once or twice).
  let start = 8;
  let total = layOut(start);
  let head = headerBytes();
  while (align8(8 + head.length) > start) {
    start = align8(8 + head.length);
    total = layOut(start);
    head = headerBytes();
  }
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  for (const e of entries) {
    const a = columns[e.name];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), e.offset);
  }
  return out;
}

function pick(s: SeriesScalars): SeriesScalars {
  return {
    run_id: s.run_id,
    symbol: s.symbol,
    from_index: s.from_index,
    to_index: s.to_index,
    total_bars: s.total_bars,
    bars_per_year: s.bars_per_year,
  };
}

/** A decoded binary series: its header and a typed-array view per column (no copy). */
export interface DecodedSeries {
  header: SeriesBinaryHeader;
  columns: Record<string, SeriesColumnArray>;
}

/**
 * Reads a binary series in place: the columns are views into `buf`.
 * @throws {Error} a body that is not a version-1 series, or whose columns run past its end
 */
export function decodeSeriesBinary(buf: ArrayBuffer): DecodedSeries {
  const bytes = new Uint8Array(buf);
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error("not a Hewston binary series (no HSER magic)");
  }
  const len = new DataView(buf).getUint32(4, true);
  if (8 + len > bytes.length) throw new Error("binary series: header runs past the body");
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(8, 8 + len)),
  ) as SeriesBinaryHeader;
  if (header.format !== "hewston-series" || header.version !== 1) {
    throw new Error(`binary series: unknown format ${header.format} v${header.version}`);
  }
  const columns: Record<string, SeriesColumnArray> = {};
  for (const e of header.columns) {
    const size = BYTES[e.type];
    if (!size || e.offset % 8 !== 0 || e.offset + e.length * size > bytes.length) {
      throw new Error(`binary series: column ${e.name} does not fit the body`);
    }
    columns[e.name] = e.type === "f64"
      ? new Float64Array(buf, e.offset, e.length)
      : e.type === "i32"
      ? new Int32Array(buf, e.offset, e.length)
      : new Int8Array(buf, e.offset, e.length);
  }
  return { header, columns };
}
