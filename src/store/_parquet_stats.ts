/**
 * @module
 * Statistics of the Parquet writer: each page's min and max in its column's sort order (as
 * PLAIN bytes), the column chunk's, and the column index that holds every page's.
 */
import {
  ASCENDING,
  DESCENDING,
  DOUBLE,
  INT64,
  type Leaf,
  type Stats,
  UNORDERED,
} from "./_parquet_format.ts";
import { CompactWriter, TType } from "./thrift_compact.ts";

/** String statistics longer than this (bytes) are left out rather than stored whole. */
const STATS_MAX_BYTES = 64;

/** Min and max of rows `[p0, p1)` in the column's sort order, as PLAIN bytes. */
export function statsOf(leaf: Leaf, p0: number, p1: number): Stats | null {
  if (p1 <= p0) return null;
  if (leaf.halves) {
    // int64: the signed high halves, then the unsigned low halves; no BigInt per value.
    const h = leaf.halves;
    let lo = p0, hi = p0;
    for (let i = p0 + 1; i < p1; i++) {
      const x = h[2 * i + 1];
      const l = h[2 * lo + 1], u = h[2 * hi + 1];
      if (x < l || (x === l && h[2 * i] >>> 0 < h[2 * lo] >>> 0)) lo = i;
      if (x > u || (x === u && h[2 * i] >>> 0 > h[2 * hi] >>> 0)) hi = i;
    }
    const b = leaf.fixed!.bytes;
    return { min: b.slice(lo * 8, lo * 8 + 8), max: b.slice(hi * 8, hi * 8 + 8), cmp: cmpI64 };
  }
  if (leaf.numbers) {
    const [lo, hi] = leaf.numbers instanceof Float64Array
      ? extremesF64(leaf.numbers, p0, p1)
      : extremesInt(leaf.numbers, p0, p1);
    if (lo < 0) return null; // only NaN: no ordered value
    if (leaf.physical === INT64) {
      // Timestamps: ordered by their ms values, written as the int64 ns at the same rows.
      const b = leaf.fixed!.bytes;
      return { min: b.slice(lo * 8, lo * 8 + 8), max: b.slice(hi * 8, hi * 8 + 8), cmp: cmpI64 };
    }
    const a = leaf.numbers, min = a[lo], max = a[hi];
    if (leaf.physical === DOUBLE) {
      // The spec's rule for zeros: a min of ±0 is written -0, a max of ±0 is written +0.
      return {
        min: f64Bytes(min === 0 ? -0 : min),
        max: f64Bytes(max === 0 ? 0 : max),
        cmp: cmpF64,
      };
    }
    const cmp = leaf.arrow === "u32" ? cmpU32 : cmpI32;
    return { min: i32Bytes(min), max: i32Bytes(max), cmp };
  }
  if (leaf.bools) {
    let anyTrue = false, anyFalse = false;
    for (let i = p0; i < p1; i++) {
      if (leaf.bools[i]) anyTrue = true;
      else anyFalse = true;
    }
    return {
      min: Uint8Array.of(anyFalse ? 0 : 1),
      max: Uint8Array.of(anyTrue ? 1 : 0),
      cmp: compareBytes,
    };
  }
  const s = leaf.strings!;
  let min: Uint8Array, max: Uint8Array;
  if ("dictionary" in s) {
    let lo = s.indices[p0], hi = lo;
    for (let i = p0 + 1; i < p1; i++) {
      const id = s.indices[i];
      if (s.rank[id] < s.rank[lo]) lo = id;
      if (s.rank[id] > s.rank[hi]) hi = id;
    }
    min = s.dictionary[lo];
    max = s.dictionary[hi];
  } else {
    min = max = s.plain[p0];
    for (let i = p0 + 1; i < p1; i++) {
      if (compareBytes(s.plain[i], min) < 0) min = s.plain[i];
      if (compareBytes(s.plain[i], max) > 0) max = s.plain[i];
    }
  }
  if (min.length > STATS_MAX_BYTES || max.length > STATS_MAX_BYTES) return null;
  return { min, max, cmp: compareBytes };
}

// One loop per array type: each stays monomorphic, so V8 optimises it early in a cold process.
const EXTREMES: [number, number] = [-1, -1];

/** Rows of the least and greatest values in `[p0, p1)` (NaN skipped; -1 when none). */
function extremesF64(a: Float64Array, p0: number, p1: number): [number, number] {
  let min = Infinity, max = -Infinity, lo = -1, hi = -1;
  for (let i = p0; i < p1; i++) {
    const x = a[i];
    if (x <= min) {
      min = x;
      lo = i;
    }
    if (x >= max) {
      max = x;
      hi = i;
    }
  }
  EXTREMES[0] = lo;
  EXTREMES[1] = hi;
  return EXTREMES;
}

/** {@link extremesF64} for 32-bit integers. */
function extremesInt(a: Int32Array | Uint32Array, p0: number, p1: number): [number, number] {
  let lo = p0, hi = p0;
  for (let i = p0 + 1; i < p1; i++) {
    const x = a[i];
    if (x < a[lo]) lo = i;
    if (x > a[hi]) hi = i;
  }
  EXTREMES[0] = lo;
  EXTREMES[1] = hi;
  return EXTREMES;
}

/** The chunk's statistics: the least min and greatest max of its pages'. */
export function mergeStats(pages: (Stats | null)[]): Stats | null {
  let out: Stats | null = null;
  for (const s of pages) {
    if (!s) continue;
    if (!out) out = { ...s };
    else {
      if (s.cmp(s.min, out.min) < 0) out.min = s.min;
      if (s.cmp(s.max, out.max) > 0) out.max = s.max;
    }
  }
  return out;
}

/** The chunk's column index, or null when a page has no min/max (readers then skip none). */
export function columnIndex(pages: (Stats | null)[]): Uint8Array | null {
  if (pages.length === 0 || pages.some((s) => s === null)) return null;
  const stats = pages as Stats[];
  const w = new CompactWriter();
  w.list(1, TType.BOOL_TRUE, stats.length); // null_pages
  for (let i = 0; i < stats.length; i++) w.elemBool(false);
  w.list(2, TType.BINARY, stats.length);
  for (const s of stats) w.elemBinary(s.min);
  w.list(3, TType.BINARY, stats.length);
  for (const s of stats) w.elemBinary(s.max);
  w.i32(4, boundaryOrder(stats));
  w.list(5, TType.I64, stats.length); // null_counts
  for (let i = 0; i < stats.length; i++) w.elemI64(0);
  w.end();
  return w.bytes().slice();
}

function boundaryOrder(pages: Stats[]): number {
  let up = true, down = true;
  for (let i = 1; i < pages.length; i++) {
    const [a, b] = [pages[i - 1], pages[i]];
    const minC = a.cmp(a.min, b.min), maxC = a.cmp(a.max, b.max);
    if (minC > 0 || maxC > 0) up = false;
    if (minC < 0 || maxC < 0) down = false;
  }
  return up ? ASCENDING : down ? DESCENDING : UNORDERED;
}

const le = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

const cmpI64 = (a: Uint8Array, b: Uint8Array) => {
  const x = le(a).getBigInt64(0, true), y = le(b).getBigInt64(0, true);
  return x < y ? -1 : x > y ? 1 : 0;
};

const order = (x: number, y: number) => (x < y ? -1 : x > y ? 1 : 0);

const cmpF64 = (a: Uint8Array, b: Uint8Array) =>
  order(le(a).getFloat64(0, true), le(b).getFloat64(0, true));

const cmpI32 = (a: Uint8Array, b: Uint8Array) =>
  order(le(a).getInt32(0, true), le(b).getInt32(0, true));

const cmpU32 = (a: Uint8Array, b: Uint8Array) =>
  order(le(a).getUint32(0, true), le(b).getUint32(0, true));

function f64Bytes(x: number): Uint8Array {
  const b = new Uint8Array(8);
  le(b).setFloat64(0, x, true);
  return b;
}

function i32Bytes(x: number): Uint8Array {
  const b = new Uint8Array(4);
  le(b).setUint32(0, x >>> 0, true);
  return b;
}

/** Unsigned byte order (Parquet's order for strings and booleans). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
