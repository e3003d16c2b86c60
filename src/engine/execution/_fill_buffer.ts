/**
 * @module
 * Growable columnar storage for fills: typed columns that double when full and are trimmed
 * to their length at the end, so the simulator never allocates one object per fill.
 */

import type { Fills } from "../types.ts";

/** Appends fills into typed columns; {@link FillBuffer.finish} returns trimmed {@link Fills}. */
export class FillBuffer {
  /** Number of fills written. */
  length = 0;
  private bar: Int32Array;
  private signalBar: Int32Array;
  private qty: Float64Array;
  private refPrice: Float64Array;
  private price: Float64Array;
  private slippage: Float64Array;
  private fee: Float64Array;

  /** @param capacity initial number of rows (grows by doubling) */
  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.bar = new Int32Array(c);
    this.signalBar = new Int32Array(c);
    this.qty = new Float64Array(c);
    this.refPrice = new Float64Array(c);
    this.price = new Float64Array(c);
    this.slippage = new Float64Array(c);
    this.fee = new Float64Array(c);
  }

  /** Forgets every row, keeping the capacity, so the buffer can serve another simulation. */
  reset(): void {
    this.length = 0;
  }

  /** Appends one fill row. */
  push(
    bar: number,
    signalBar: number,
    qty: number,
    refPrice: number,
    price: number,
    slippage: number,
    fee: number,
  ): void {
    if (this.length === this.bar.length) this.grow();
    const i = this.length++;
    this.bar[i] = bar;
    this.signalBar[i] = signalBar;
    this.qty[i] = qty;
    this.refPrice[i] = refPrice;
    this.price[i] = price;
    this.slippage[i] = slippage;
    this.fee[i] = fee;
  }

  /**
   * @returns the fills as columns of exactly `length` rows: copies, all in one new buffer
   *   (one allocation instead of seven), spare capacity left behind
   */
  finish(): Fills {
    const n = this.length;
    const cols = new Columns(n * (5 * 8 + 2 * 4));
    return {
      length: n,
      qty: cols.f64(this.qty, n),
      refPrice: cols.f64(this.refPrice, n),
      price: cols.f64(this.price, n),
      slippage: cols.f64(this.slippage, n),
      fee: cols.f64(this.fee, n),
      bar: cols.i32(this.bar, n),
      signalBar: cols.i32(this.signalBar, n),
    };
  }

  private grow(): void {
    const c = this.bar.length * 2;
    this.bar = growI32(this.bar, c);
    this.signalBar = growI32(this.signalBar, c);
    this.qty = growF64(this.qty, c);
    this.refPrice = growF64(this.refPrice, c);
    this.price = growF64(this.price, c);
    this.slippage = growF64(this.slippage, c);
    this.fee = growF64(this.fee, c);
  }
}

/** Copies `a` into a new Int32Array of `capacity` rows. */
export function growI32(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

/** Copies `a` into a new Float64Array of `capacity` rows. */
export function growF64(a: Float64Array, capacity: number): Float64Array {
  const b = new Float64Array(capacity);
  b.set(a);
  return b;
}

/**
 * Carves copies of columns out of one new buffer, in the order asked; ask for the 8-byte
 * columns first, then the 4-byte ones, then the 1-byte ones, so each view is aligned.
 */
export class Columns {
  private readonly buffer: ArrayBuffer;
  private offset = 0;

  /** @param bytes total size of the columns to come */
  constructor(bytes: number) {
    this.buffer = new ArrayBuffer(bytes);
  }

  /** A copy of the first `n` values of `src`. */
  f64(src: Float64Array, n: number): Float64Array {
    const a = new Float64Array(this.buffer, this.offset, n);
    a.set(src.subarray(0, n));
    this.offset += n * 8;
    return a;
  }

  /** A copy of the first `n` values of `src`. */
  i32(src: Int32Array, n: number): Int32Array {
    const a = new Int32Array(this.buffer, this.offset, n);
    a.set(src.subarray(0, n));
    this.offset += n * 4;
    return a;
  }

  /** A copy of the first `n` values of `src`. */
  i8(src: Int8Array, n: number): Int8Array {
    const a = new Int8Array(this.buffer, this.offset, n);
    a.set(src.subarray(0, n));
    this.offset += n;
    return a;
  }
}
