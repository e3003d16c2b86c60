/**
 * @module
 * Fixed-point and 64-bit helpers for DBN columns, built to avoid BigInt allocation on hot paths.
 *
 * DBN prices are i64 fixed-point with scale 1e-9 and timestamps are u64 nanoseconds; the
 * decoder stores both in BigInt64Array/BigUint64Array columns. Reading such a column element
 * (`col[i]`) allocates a BigInt; these helpers read the two 32-bit halves instead
 * (`lo + hi * 2^32`, little-endian), which is exact while |value| < 2^53 and correctly
 * rounded beyond (timestamps ~1.6e18 lose sub-microsecond bits as a number: keep the column
 * for exact nanoseconds).
 *
 * Sentinels (Databento `rust/dbn/src/lib.rs`):
 *
 * | constant | value | handled as |
 * | --- | --- | --- |
 * | `UNDEF_PRICE` | i64::MAX | `NaN` from the number helpers, `null` in JSON |
 * | `UNDEF_TIMESTAMP` | u64::MAX | `null` in metadata `end` |
 * | `UNDEF_ORDER_SIZE` | u32::MAX | kept as the raw number |
 */

/** Divisor of fixed-point prices: real price = raw / 1e9. */
export const FIXED_PRICE_SCALE = 1_000_000_000;

/** Null price sentinel (i64::MAX). */
export const UNDEF_PRICE = 9223372036854775807n;

/** Null timestamp sentinel (u64::MAX). */
export const UNDEF_TIMESTAMP = 18446744073709551615n;

/** Null order size sentinel (u32::MAX). */
export const UNDEF_ORDER_SIZE = 0xffffffff;

const TWO_32 = 4294967296;
const SCALE_BIG = 1_000_000_000n;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  // The 32-bit half views below and the decoder's word reads assume a little-endian host.
  throw new Error("fixed_point.ts needs a little-endian platform");
}

/**
 * A Uint32Array over the same memory as a 64-bit column: element `i` of the column is
 * `view[2*i]` (low half) and `view[2*i+1]` (high half). Make it once per column, then
 * read with {@link u64At}, {@link i64At} or {@link priceAt} in loops.
 * @param col a BigUint64Array or BigInt64Array column
 * @returns the 32-bit view (no copy)
 * @example Read a timestamp column without BigInt
 * ```ts
 * import assert from "node:assert/strict";
 * const col = new BigUint64Array([1609160400099150057n]);
 * assert.equal(u64At(halves(col), 0), 1609160400099150000);
 * ```
 */
export function halves(col: BigUint64Array | BigInt64Array): Uint32Array {
  return new Uint32Array(col.buffer, col.byteOffset, col.length * 2);
}

/**
 * Element `i` of an unsigned 64-bit column read through its {@link halves} view.
 * @param view the column's 32-bit view
 * @param i element index
 * @returns the value as a number (rounded above 2^53)
 */
export function u64At(view: Uint32Array, i: number): number {
  return view[2 * i] + view[2 * i + 1] * TWO_32;
}

/**
 * Element `i` of a signed 64-bit column read through its {@link halves} view.
 * @param view the column's 32-bit view
 * @param i element index
 * @returns the value as a number (rounded beyond ±2^53)
 */
export function i64At(view: Uint32Array, i: number): number {
  return view[2 * i] + (view[2 * i + 1] | 0) * TWO_32;
}

/**
 * Price `i` of a fixed-point price column (its {@link halves} view) as a float:
 * raw / 1e9, or `NaN` for {@link UNDEF_PRICE}.
 * @param view the price column's 32-bit view
 * @param i element index
 * @returns the price, e.g. 3720.25
 */
export function priceAt(view: Uint32Array, i: number): number {
  const lo = view[2 * i];
  const hi = view[2 * i + 1];
  if (hi === 0x7fffffff && lo === 0xffffffff) return NaN;
  return (lo + (hi | 0) * TWO_32) / FIXED_PRICE_SCALE;
}

// A few recent columns and their views, so the one-off helpers below do not allocate a view
// per call when a caller walks one or two columns.
const cacheCols: (BigUint64Array | BigInt64Array | null)[] = [null, null, null, null];
const cacheViews: (Uint32Array | null)[] = [null, null, null, null];
let cacheNext = 0;

function viewOf(col: BigUint64Array | BigInt64Array): Uint32Array {
  for (let k = 0; k < 4; k++) {
    if (cacheCols[k] === col) return cacheViews[k]!;
  }
  const view = halves(col);
  cacheCols[cacheNext] = col;
  cacheViews[cacheNext] = view;
  cacheNext = (cacheNext + 1) & 3;
  return view;
}

/**
 * Element `i` of a 64-bit column as a number, without allocating a BigInt. Signedness
 * follows the column type. For tight loops prefer {@link halves} + {@link u64At}.
 * @param col a BigUint64Array or BigInt64Array column
 * @param i element index
 * @returns the value as a number (exact below 2^53)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(u64ToNumber(new BigInt64Array([-5n]), 0), -5);
 * ```
 */
export function u64ToNumber(col: BigUint64Array | BigInt64Array, i: number): number {
  const view = viewOf(col);
  return col instanceof BigInt64Array ? i64At(view, i) : u64At(view, i);
}

/**
 * Price `i` of a fixed-point price column as a float (raw / 1e9, NaN for UNDEF_PRICE).
 * @param col a price column (BigInt64Array)
 * @param i element index
 * @returns the price
 */
export function priceColumnAt(col: BigInt64Array, i: number): number {
  return priceAt(viewOf(col), i);
}

/**
 * A raw fixed-point price as a float: raw / 1e9, or `NaN` for {@link UNDEF_PRICE}.
 * @param raw the raw i64 price (bigint, or a number when already converted)
 * @returns the price
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(priceToNumber(3720250000000n), 3720.25);
 * assert.ok(Number.isNaN(priceToNumber(UNDEF_PRICE)));
 * ```
 */
export function priceToNumber(raw: bigint | number): number {
  if (typeof raw === "bigint") {
    if (raw === UNDEF_PRICE) return NaN;
    return Number(raw) / FIXED_PRICE_SCALE;
  }
  return raw / FIXED_PRICE_SCALE;
}

/**
 * A raw fixed-point price as exact decimal text with nine fraction digits, as Databento's
 * `pretty_px` prints it. No sentinel handling: check {@link UNDEF_PRICE} first.
 * @param raw the raw i64 price
 * @returns e.g. `"3720.250000000"`, `"-0.000000001"`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(priceToDecimalString(3720250000000n), "3720.250000000");
 * ```
 */
export function priceToDecimalString(raw: bigint): string {
  const neg = raw < 0n;
  const abs = neg ? -raw : raw;
  const int = abs / SCALE_BIG;
  const frac = (abs % SCALE_BIG).toString().padStart(9, "0");
  return `${neg ? "-" : ""}${int}.${frac}`;
}

/**
 * Nanoseconds since the epoch as ISO-8601 UTC text with nine fraction digits.
 * @param ns nanoseconds since the UNIX epoch (u64)
 * @returns e.g. `"2020-12-28T13:00:00.099150057Z"`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(nsToIso(1609160400099150057n), "2020-12-28T13:00:00.099150057Z");
 * ```
 */
export function nsToIso(ns: bigint): string {
  const sec = ns / SCALE_BIG;
  const frac = (ns % SCALE_BIG).toString().padStart(9, "0");
  const iso = new Date(Number(sec) * 1000).toISOString(); // "YYYY-MM-DDTHH:MM:SS.000Z"
  return `${iso.slice(0, -4)}${frac}Z`;
}
