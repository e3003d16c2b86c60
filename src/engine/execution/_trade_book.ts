/**
 * @module
 * Round-trip trade accounting for the simulator. A trade opens when the position leaves 0
 * and closes when it returns to 0; a fill that crosses 0 closes one trade and opens the next
 * (its fee is split between them in proportion to quantity). Within a trade, every fill
 * that grows the position is an entry and every fill that shrinks it an exit:
 *
 * - `qty` = Σ entry quantities (= Σ exit quantities, since the trade ends flat);
 * - `entryPrice` / `exitPrice` = quantity-weighted mean executed price of entries / exits;
 * - `pnl` = side × qty × (exitPrice − entryPrice) − fees − borrow, i.e. exactly the cash
 *   the trade's fills and borrow charges moved (slippage is inside the executed prices);
 * - `returnPct` = pnl / (qty × entryPrice), a fraction (0.05 = 5 %).
 */

import type { Trades } from "../types.ts";
import { Columns, growF64, growI32 } from "./_fill_buffer.ts";

/** Follows the position fill by fill and records each closed round trip. */
export class TradeBook {
  /** Number of closed trades. */
  length = 0;
  private side = 0;
  private entryBar = 0;
  private entryQty = 0;
  private entryNotional = 0;
  private exitQty = 0;
  private exitNotional = 0;
  private costs = 0;
  private cEntryBar: Int32Array;
  private cExitBar: Int32Array;
  private cSide: Int8Array;
  private cQty: Float64Array;
  private cEntryPrice: Float64Array;
  private cExitPrice: Float64Array;
  private cPnl: Float64Array;
  private cReturn: Float64Array;

  /** @param capacity initial number of trade rows (grows by doubling) */
  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.cEntryBar = new Int32Array(c);
    this.cExitBar = new Int32Array(c);
    this.cSide = new Int8Array(c);
    this.cQty = new Float64Array(c);
    this.cEntryPrice = new Float64Array(c);
    this.cExitPrice = new Float64Array(c);
    this.cPnl = new Float64Array(c);
    this.cReturn = new Float64Array(c);
  }

  /** Forgets every trade and the open one, keeping the capacity, for another simulation. */
  reset(): void {
    this.length = 0;
    this.side = 0;
    this.entryBar = 0;
    this.entryQty = 0;
    this.entryNotional = 0;
    this.exitQty = 0;
    this.exitNotional = 0;
    this.costs = 0;
  }

  /**
   * Books a fill of signed `qty` at `price` with `fee` on `bar`, from position `before`.
   * @param bar fill bar
   * @param before position before the fill
   * @param qty signed filled quantity (non-zero)
   * @param price executed price
   * @param fee fee in cash
   */
  fill(bar: number, before: number, qty: number, price: number, fee: number): void {
    const aq = qty < 0 ? -qty : qty;
    const dir = qty < 0 ? -1 : 1;
    if (before === 0) {
      this.open(bar, dir, aq, price, fee);
      return;
    }
    if (dir === this.side) {
      this.entryQty += aq;
      this.entryNotional += aq * price;
      this.costs += fee;
      return;
    }
    const held = before < 0 ? -before : before;
    const closing = aq < held ? aq : held;
    const closeFee = closing === aq ? fee : fee * closing / aq;
    this.exitQty += closing;
    this.exitNotional += closing * price;
    this.costs += closeFee;
    if (closing === held) this.close(bar);
    if (aq > held) this.open(bar, dir, aq - held, price, fee - closeFee);
  }

  /** Adds a borrow charge to the open trade. */
  borrow(cost: number): void {
    this.costs += cost;
  }

  /** @returns the closed trades as columns of exactly `length` rows (copies, one buffer) */
  finish(): Trades {
    const n = this.length;
    const cols = new Columns(n * (5 * 8 + 2 * 4 + 1));
    return {
      length: n,
      qty: cols.f64(this.cQty, n),
      entryPrice: cols.f64(this.cEntryPrice, n),
      exitPrice: cols.f64(this.cExitPrice, n),
      pnl: cols.f64(this.cPnl, n),
      returnPct: cols.f64(this.cReturn, n),
      entryBar: cols.i32(this.cEntryBar, n),
      exitBar: cols.i32(this.cExitBar, n),
      side: cols.i8(this.cSide, n),
    };
  }

  private open(bar: number, side: number, aq: number, price: number, fee: number): void {
    this.side = side;
    this.entryBar = bar;
    this.entryQty = aq;
    this.entryNotional = aq * price;
    this.exitQty = 0;
    this.exitNotional = 0;
    this.costs = fee;
  }

  private close(bar: number): void {
    if (this.length === this.cPnl.length) this.grow();
    const i = this.length++;
    const pnl = this.side * (this.exitNotional - this.entryNotional) - this.costs;
    this.cEntryBar[i] = this.entryBar;
    this.cExitBar[i] = bar;
    this.cSide[i] = this.side;
    this.cQty[i] = this.entryQty;
    this.cEntryPrice[i] = this.entryNotional / this.entryQty;
    this.cExitPrice[i] = this.exitNotional / this.exitQty;
    this.cPnl[i] = pnl;
    this.cReturn[i] = this.entryNotional > 0 ? pnl / this.entryNotional : 0;
    this.side = 0;
  }

  private grow(): void {
    const c = this.cPnl.length * 2;
    this.cEntryBar = growI32(this.cEntryBar, c);
    this.cExitBar = growI32(this.cExitBar, c);
    const side = new Int8Array(c);
    side.set(this.cSide);
    this.cSide = side;
    this.cQty = growF64(this.cQty, c);
    this.cEntryPrice = growF64(this.cEntryPrice, c);
    this.cExitPrice = growF64(this.cExitPrice, c);
    this.cPnl = growF64(this.cPnl, c);
    this.cReturn = growF64(this.cReturn, c);
  }
}
