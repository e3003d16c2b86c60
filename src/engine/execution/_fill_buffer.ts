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

  /** @returns the fills as columns of exactly `length` rows (copies, spare capacity freed) */
  finish(): Fills {
    const n = this.length;
    return {
      length: n,
      bar: this.bar.slice(0, n),
      signalBar: this.signalBar.slice(0, n),
      qty: this.qty.slice(0, n),
      refPrice: this.refPrice.slice(0, n),
      price: this.price.slice(0, n),
      slippage: this.slippage.slice(0, n),
      fee: this.fee.slice(0, n),
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
