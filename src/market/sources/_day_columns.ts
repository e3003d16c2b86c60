/**
 * @module
 * Growable TBBO/TRADES columns of one synthetic day. 64-bit fields are written as two u32
 * words (timestamps as an exact offset from a per-day base, prices as whole ticks), so the
 * generator never creates a BigInt per record.
 */

import type { Mbp1Columns, TradeColumns } from "../dbn/types.ts";

/** XNAS.ITCH.XNAS in Databento's publisher table. */
export const PUBLISHER_XNAS_ITCH = 2;

const PRICE_SCALE = 1e7; // fixed-point 1e-9 units per 0.01 tick
const TWO_32 = 4294967296;
const FLAG_LAST = 128;
const ACTION_TRADE = 84;

/** Splits a u64 into [high, low] 32-bit words. */
export function splitU64(x: bigint): [number, number] {
  return [Number(x >> 32n), Number(x & 0xffff_ffffn)];
}

/** Growable TBBO columns of one day; 64-bit columns are filled through 32-bit word views. */
export class DayBuilder {
  n = 0;
  #cap: number;
  #tsEvent = new Uint32Array(0);
  #tsRecv = new Uint32Array(0);
  #price = new Uint32Array(0);
  #bidPx = new Uint32Array(0);
  #askPx = new Uint32Array(0);
  #size = new Uint32Array(0);
  #side = new Uint8Array(0);
  #tsInDelta = new Int32Array(0);
  #sequence = new Uint32Array(0);
  #bidSz = new Uint32Array(0);
  #askSz = new Uint32Array(0);
  #bidCt = new Uint32Array(0);
  #askCt = new Uint32Array(0);

  /** @param cap initial capacity in rows (grows by doubling) */
  constructor(cap: number) {
    this.#cap = 0;
    this.#grow(cap);
  }

  /** Appends a row and returns its index. */
  push(): number {
    if (this.n === this.#cap) this.#grow(this.#cap * 2);
    return this.n++;
  }

  /** Sets the book (in ticks, sizes, order counts) of row i. */
  setBook(
    i: number,
    bid: number,
    ask: number,
    bs: number,
    as: number,
    bc: number,
    ac: number,
  ) {
    putPrice(this.#bidPx, i, bid);
    putPrice(this.#askPx, i, ask);
    this.#bidSz[i] = bs;
    this.#askSz[i] = as;
    this.#bidCt[i] = bc;
    this.#askCt[i] = ac;
  }

  /** Sets the trade fields of row i; times are ns offsets from the day base (hi, lo). */
  setTrade(
    i: number,
    baseHi: number,
    baseLo: number,
    evOff: number,
    recvOff: number,
    inDelta: number,
    px: number,
    size: number,
    side: number,
    seq: number,
  ): void {
    putTime(this.#tsEvent, i, baseHi, baseLo, evOff);
    putTime(this.#tsRecv, i, baseHi, baseLo, recvOff);
    putPrice(this.#price, i, px);
    this.#size[i] = size;
    this.#side[i] = side;
    this.#tsInDelta[i] = inDelta;
    this.#sequence[i] = seq;
  }

  /** The filled rows as TBBO (rtype 1) and TRADES (rtype 0) columns sharing their arrays. */
  finish(instrumentId: number): { tbbo: Mbp1Columns; trades: TradeColumns } {
    const n = this.n;
    const u64 = (w: Uint32Array) => new BigUint64Array(w.buffer, 0, n);
    const i64 = (w: Uint32Array) => new BigInt64Array(w.buffer, 0, n);
    const trades: TradeColumns = {
      length: n,
      rtype: new Uint8Array(n),
      publisherId: new Uint16Array(n).fill(PUBLISHER_XNAS_ITCH),
      instrumentId: new Uint32Array(n).fill(instrumentId),
      tsEvent: u64(this.#tsEvent),
      price: i64(this.#price),
      size: this.#size.subarray(0, n),
      action: new Uint8Array(n).fill(ACTION_TRADE),
      side: this.#side.subarray(0, n),
      flags: new Uint8Array(n).fill(FLAG_LAST),
      depth: new Uint8Array(n),
      tsRecv: u64(this.#tsRecv),
      tsInDelta: this.#tsInDelta.subarray(0, n),
      sequence: this.#sequence.subarray(0, n),
    };
    const tbbo: Mbp1Columns = {
      ...trades,
      rtype: new Uint8Array(n).fill(1),
      bidPx: i64(this.#bidPx),
      askPx: i64(this.#askPx),
      bidSz: this.#bidSz.subarray(0, n),
      askSz: this.#askSz.subarray(0, n),
      bidCt: this.#bidCt.subarray(0, n),
      askCt: this.#askCt.subarray(0, n),
    };
    return { tbbo, trades };
  }

  #grow(cap: number): void {
    this.#tsEvent = resized(this.#tsEvent, cap * 2);
    this.#tsRecv = resized(this.#tsRecv, cap * 2);
    this.#price = resized(this.#price, cap * 2);
    this.#bidPx = resized(this.#bidPx, cap * 2);
    this.#askPx = resized(this.#askPx, cap * 2);
    this.#size = resized(this.#size, cap);
    this.#side = resized(this.#side, cap);
    this.#tsInDelta = resized(this.#tsInDelta, cap);
    this.#sequence = resized(this.#sequence, cap);
    this.#bidSz = resized(this.#bidSz, cap);
    this.#askSz = resized(this.#askSz, cap);
    this.#bidCt = resized(this.#bidCt, cap);
    this.#askCt = resized(this.#askCt, cap);
    this.#cap = cap;
  }
}

function resized<T extends Uint32Array | Int32Array | Uint8Array>(old: T, length: number): T {
  const a = new (old.constructor as new (n: number) => T)(length);
  a.set(old.subarray(0, Math.min(old.length, length)) as ArrayLike<number>);
  return a;
}

function putTime(w: Uint32Array, i: number, hi: number, lo: number, off: number): void {
  const offHi = Math.floor(off / TWO_32);
  let l = lo + (off - offHi * TWO_32);
  let carry = 0;
  if (l >= TWO_32) {
    l -= TWO_32;
    carry = 1;
  }
  w[2 * i] = l;
  w[2 * i + 1] = hi + offHi + carry;
}

function putPrice(w: Uint32Array, i: number, ticks: number): void {
  const v = ticks * PRICE_SCALE;
  const hi = Math.floor(v / TWO_32);
  w[2 * i] = v - hi * TWO_32;
  w[2 * i + 1] = hi;
}
