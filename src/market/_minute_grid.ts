/**
 * @module
 * The minute grid behind `derive_bars.ts`: every session minute of a date range as a slot,
 * a direct minute → slot lookup, and the exact mapping of u64 nanosecond timestamps, read as
 * two 32-bit words, to UTC minutes.
 */

import { sessionsBetween } from "./calendar/mod.ts";

const TWO_32 = 4294967296;
const NS_PER_MIN = 60_000_000_000;
const MS_PER_MIN = 60_000;

// 64-bit columns are read as pairs of 32-bit words, low word first.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error("Hewston's bar derivation needs a little-endian host");
}

/** Session minutes of a date range as slots `0..size-1`, in time order. */
export class MinuteGrid {
  /** UTC minute number (minutes since the epoch) of `lookup[0]`. */
  readonly baseMinute: number;
  /** Minute index (minute − baseMinute) → slot, or -1 outside the sessions. */
  readonly lookup: Int32Array;
  /** Slot → minute start, UTC ms. */
  readonly slotTs: Float64Array;
  /** Nanoseconds into the minute of the timestamp last passed to {@link slotOf}. */
  rem = 0;

  /**
   * @param from first local date `YYYY-MM-DD`, inclusive
   * @param to last local date, inclusive
   * @param extended extended (04:00–20:00 ET) instead of regular (09:30–16:00 ET) sessions
   * @throws {ValidationError} for bad dates, a reversed range or years outside the calendar
   */
  constructor(from: string, to: string, extended: boolean) {
    const windows = sessionsBetween(from, to).map((s) =>
      extended ? [s.preOpenMs, s.postCloseMs] : [s.openMs, s.closeMs]
    ).map(([start, end]) => [start / MS_PER_MIN, end / MS_PER_MIN]);
    let size = 0;
    for (const [start, end] of windows) size += end - start;
    this.baseMinute = windows.length > 0 ? windows[0][0] : 0;
    const span = windows.length > 0 ? windows[windows.length - 1][1] - this.baseMinute : 0;
    this.lookup = new Int32Array(span).fill(-1);
    this.slotTs = new Float64Array(size);
    let slot = 0;
    for (const [start, end] of windows) {
      for (let m = start; m < end; m++, slot++) {
        this.lookup[m - this.baseMinute] = slot;
        this.slotTs[slot] = m * MS_PER_MIN;
      }
    }
  }

  /** Number of slots. */
  get size(): number {
    return this.slotTs.length;
  }

  /**
   * Slot of a u64 ns timestamp given as its high and low 32-bit words, or -1 when its minute
   * is not a session minute; sets {@link rem}.
   *
   * The minute is exact: the double estimate can overshoot by one near a minute edge
   * (1.7e18 ns needs more than 53 bits), so the remainder is recomputed from the words, where
   * every intermediate is an integer below 2^53. Minute edges are exact doubles and rounding
   * is monotone, so only the overshoot can happen; the other branch is a guard.
   */
  slotOf(hi: number, lo: number): number {
    let m = Math.floor((hi * TWO_32 + lo) / NS_PER_MIN);
    let r = lo - (m * NS_PER_MIN - hi * TWO_32);
    if (r < 0) {
      m -= 1;
      r += NS_PER_MIN;
    } else if (r >= NS_PER_MIN) {
      m += 1;
      r -= NS_PER_MIN;
    }
    this.rem = r;
    const idx = m - this.baseMinute;
    return idx >= 0 && idx < this.lookup.length ? this.lookup[idx] : -1;
  }
}

/** 32-bit word view (low word first) of the first `n` values of a 64-bit column. */
export function words(col: BigInt64Array | BigUint64Array, n: number): Uint32Array {
  return new Uint32Array(col.buffer, col.byteOffset, n * 2);
}

/** Value of a fixed-point i64 (1e-9) from its words, bit-identical to `Number(x) / 1e9`. */
export function priceOf(hi: number, lo: number): number {
  return ((hi | 0) * TWO_32 + lo) / 1e9;
}
