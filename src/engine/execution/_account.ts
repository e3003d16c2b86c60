/**
 * @module
 * The simulator's account on fill bars: prices an order (`_costs.ts`), books the fill into
 * cash, position, the fill columns and the trade book, and counts what did not go as asked.
 * The per-bar loop keeps cash and position in locals and syncs them with this object only
 * when something fills, so the common bar touches no object at all.
 */

import type { ExecutionConfig } from "../types.ts";
import {
  type CostModel,
  FLAG_CASH_NEGATIVE,
  FLAG_CASH_SHORT,
  FLAG_FLATTEN_ZERO_VOLUME,
  FLAG_NAN_SPREAD,
  FLAG_PARTICIPATION_CAPPED,
  FLAG_ZERO_VOLUME,
  OUT_FEE,
  OUT_PRICE,
  OUT_QTY,
  OUT_SLIPPAGE,
  priceOrder,
  resolveCostModel,
} from "./_costs.ts";
import { FillBuffer } from "./_fill_buffer.ts";
import { TradeBook } from "./_trade_book.ts";

/**
 * The fill and trade buffers of a simulation, kept for the next one: callers that simulate
 * many times pass one as `SimulationOptions.ledger` so the buffers are not allocated again.
 * The result's fills and trades are always copies, never views of these buffers.
 */
export class SimulationLedger {
  /** The fill columns (created by the first simulation that uses this ledger). */
  fills: FillBuffer | undefined;
  /** The trade book (likewise). */
  book: TradeBook | undefined;
}

/** Cash, position, costs and ledgers of one simulation. */
export class Account {
  /** Cash (synced from the loop before {@link Account.execute}). */
  cash: number;
  /** Signed position in whole units (synced likewise). */
  position = 0;
  /** Σ fees. */
  feesPaid = 0;
  /** Σ slippage cash. */
  slippagePaid = 0;
  /** Orders dropped: participation model on a zero-volume bar. */
  zeroVolume = 0;
  /** Orders cut (or dropped when cut to 0) by max_participation. */
  participationCapped = 0;
  /** Buys cut (possibly to 0) to what cash covers. */
  cashShortResized = 0;
  /** Short covers that took cash below zero. */
  cashNegative = 0;
  /** k_spread fills priced with slippage 0 because the bar's spread was NaN. */
  nanSpread = 0;
  /** Auto-flatten fills on a zero-volume bar (participation taken as 1). */
  flattenZeroVolume = 0;
  /** Fill columns. */
  readonly fills: FillBuffer;
  /** Round-trip trades. */
  readonly book: TradeBook;
  private readonly model: CostModel;
  private readonly out = new Float64Array(4);

  /**
   * @param cfg validated execution settings
   * @param initialCash starting cash
   * @param capacity initial rows of the fill and trade buffers
   * @param ledger buffers of an earlier simulation to reuse (emptied here); when given, the
   *   buffers this account uses are left in it for the next one
   */
  constructor(
    cfg: ExecutionConfig,
    initialCash: number,
    capacity: number,
    ledger?: SimulationLedger,
  ) {
    this.cash = initialCash;
    this.model = resolveCostModel(cfg);
    if (ledger === undefined) {
      this.fills = new FillBuffer(capacity);
      this.book = new TradeBook(capacity);
    } else {
      this.fills = ledger.fills ??= new FillBuffer(capacity);
      this.book = ledger.book ??= new TradeBook(capacity);
      this.fills.reset();
      this.book.reset();
    }
  }

  /**
   * Executes a market order on `bar` and books it.
   * @param bar fill bar
   * @param signalBar the bar whose decision created the order
   * @param qty signed order quantity (non-zero)
   * @param ref reference fill price
   * @param spread the fill bar's spreadMean
   * @param volume the fill bar's volume
   * @param forced true for the auto-flatten order
   * @returns true when the order is settled (filled, or cut to 0 by the cash rule), false when
   *   it was dropped for lack of volume and the target should be tried again
   */
  execute(
    bar: number,
    signalBar: number,
    qty: number,
    ref: number,
    spread: number,
    volume: number,
    forced: boolean,
  ): boolean {
    const out = this.out;
    const flags = priceOrder(
      out,
      this.model,
      qty,
      ref,
      spread,
      volume,
      this.cash,
      this.position,
      forced,
    );
    if (flags !== 0) this.count(flags);
    const q = out[OUT_QTY];
    if (q === 0) return (flags & FLAG_CASH_SHORT) !== 0;
    const price = out[OUT_PRICE];
    const slippage = out[OUT_SLIPPAGE];
    const fee = out[OUT_FEE];
    this.book.fill(bar, this.position, q, price, fee);
    this.fills.push(bar, signalBar, q, ref, price, slippage, fee);
    this.cash -= q * price + fee;
    this.position += q;
    this.feesPaid += fee;
    this.slippagePaid += slippage;
    return true;
  }

  /** @returns the skip and warning counters, every key present, in a fixed order */
  skipped(): Record<string, number> {
    return {
      zero_volume: this.zeroVolume,
      participation_capped: this.participationCapped,
      cash_short_resized: this.cashShortResized,
      cash_negative: this.cashNegative,
      nan_spread: this.nanSpread,
      flatten_zero_volume: this.flattenZeroVolume,
    };
  }

  private count(flags: number): void {
    if (flags & FLAG_ZERO_VOLUME) this.zeroVolume++;
    if (flags & FLAG_PARTICIPATION_CAPPED) this.participationCapped++;
    if (flags & FLAG_CASH_SHORT) this.cashShortResized++;
    if (flags & FLAG_CASH_NEGATIVE) this.cashNegative++;
    if (flags & FLAG_NAN_SPREAD) this.nanSpread++;
    if (flags & FLAG_FLATTEN_ZERO_VOLUME) this.flattenZeroVolume++;
  }
}
