/**
 * @module
 * Streaming derivation of 1-minute bars from decoded DBN column batches: OHLCV, VWAP and
 * trade count from TRADES records, mean best bid/ask/spread from TBBO records, on the
 * session grid of the pinned NASDAQ calendar (`./calendar/mod.ts`).
 *
 * ## Policy (this is the documented contract of the derived data)
 *
 * **Grid.** Every session minute of every trading day from `from` to `to` (local dates,
 * inclusive) is a slot, in time order: the regular session `[openMs, closeMs)` by default,
 * the extended session `[preOpenMs, postCloseMs)` with `extendedHours`. A bar's `ts` is the
 * UTC start of its minute in ms. A record belongs to the minute `floor(ts_event / 60e9)`,
 * computed exactly from the u64 nanoseconds (…59.999999999 is the earlier minute, :00.000000000
 * the later one). Records outside the grid are counted in `stats` and otherwise ignored.
 * Records may arrive in any order and in any number of batches.
 *
 * **Trades** (`addTrades`). A record counts when its action is `T` (84), its size is neither
 * 0 nor u32::MAX (undefined), its price is not i64::MAX (undefined), and its instrument is in
 * `instrumentIds` when that set is given. Per minute: open = price of the smallest ts_event
 * (ties: the first seen), close = price of the largest ts_event (ties: the last seen), high,
 * low, volume = Σ size, trade_count, vwap = Σ(price·size) / volume summed in arrival order,
 * then clamped into [low, high] so rounding never puts it outside the bar. A price is
 * `Number(raw) / 1e9` of the fixed-point i64, computed from its 32-bit words without BigInt.
 *
 * **Quotes** (`addQuotes`, TBBO/MBP-1 records, any action). A record counts when bid_px_00 and
 * ask_px_00 are both defined, both > 0 and bid ≤ ask (a locked quote counts, a crossed one
 * does not). Per minute: bid_mean, ask_mean = arithmetic means, spread_mean = mean(ask − bid),
 * summed in arrival order.
 *
 * **Minutes without trades.** Output starts at the first slot that has a trade; earlier slots
 * are dropped. Every later slot is emitted, including whole days without trades. A slot
 * without trades is flat at the previous bar's close (open = high = low = close = vwap),
 * volume 0, trade_count 0. A slot without quotes carries the previous slot's bid/ask/spread
 * means — over the whole grid, so quotes before the first trade do seed the first bar —
 * and is NaN until the first quote. With no trade at all the result is empty.
 *
 * **Stats.** `trades`/`quotes` count the qualifying records that landed in the grid;
 * `tradesOutsideSession`/`quotesOutsideSession` the qualifying ones that did not (other
 * sessions, weekends, holidays, dates outside from..to). Records failing the filters above
 * are not counted at all.
 *
 * **Determinism.** The same records in the same order give the same bars bit for bit.
 * OHLC, volume and counts do not depend on the order except for exact timestamp ties; the
 * last bits of vwap and the means can (floating-point sums).
 *
 * Cost: O(grid) memory (about 105 bytes per slot plus 4 bytes per calendar minute spanned),
 * independent of the number of records; no allocation per record.
 */

import type { Mbp1Columns, TradeColumns } from "./dbn/types.ts";
import { allocBars, type Bars } from "../domain/bars.ts";
import { MinuteGrid, priceOf, words } from "./_minute_grid.ts";
import { ValidationError } from "../domain/errors.ts";

/** What to derive: a date range on the NASDAQ calendar and optional filters. */
export interface DeriveOptions {
  /** First local trading date, `YYYY-MM-DD` (inclusive). */
  from: string;
  /** Last local trading date, `YYYY-MM-DD` (inclusive). */
  to: string;
  /**
   * Use the extended session (04:00–20:00 ET) instead of the regular one.
   * @default false
   */
  extendedHours?: boolean;
  /** Keep only records of these instrument ids; all instruments when absent. */
  instrumentIds?: ReadonlySet<number>;
}

/** Per-slot quote accumulators of a {@link BarAggregator} (transferable between workers). */
export interface QuoteState {
  slots: number;
  quotes: number;
  quotesOutsideSession: number;
  quoteCount: Uint32Array;
  bidSum: Float64Array;
  askSum: Float64Array;
  spreadSum: Float64Array;
}

/** Record counters of a {@link BarAggregator}. */
export interface DeriveStats {
  /** Qualifying trades aggregated into bars. */
  trades: number;
  /** Qualifying trades whose minute is not a session minute of the range. */
  tradesOutsideSession: number;
  /** Qualifying quotes aggregated into bars. */
  quotes: number;
  /** Qualifying quotes whose minute is not a session minute of the range. */
  quotesOutsideSession: number;
}

const ACTION_TRADE = 84;
const UNDEF_HI = 0x7fffffff;
const UNDEF_LO = 0xffffffff;
const UNDEF_SIZE = 0xffffffff;

/**
 * Aggregates trades and quotes into 1-minute bars on a pre-allocated session grid.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BarAggregator } from "./derive_bars.ts";
 *
 * const agg = new BarAggregator({ from: "2024-03-08", to: "2024-03-08" });
 * assert.equal(agg.finish().length, 0); // no trades yet
 * ```
 */
export class BarAggregator {
  #trades = 0;
  #tradesOut = 0;
  #quotes = 0;
  #quotesOut = 0;
  readonly #ids: ReadonlySet<number> | null;
  readonly #grid: MinuteGrid;
  readonly #count: Uint32Array;
  readonly #open: Float64Array;
  readonly #high: Float64Array;
  readonly #low: Float64Array;
  readonly #close: Float64Array;
  readonly #openRem: Float64Array;
  readonly #closeRem: Float64Array;
  readonly #volume: Float64Array;
  readonly #notional: Float64Array;
  readonly #quoteCount: Uint32Array;
  readonly #bidSum: Float64Array;
  readonly #askSum: Float64Array;
  readonly #spreadSum: Float64Array;

  /**
   * Builds the empty grid of every session minute from `opts.from` to `opts.to`.
   * @throws {ValidationError} for bad dates, a reversed range or years outside the calendar
   */
  constructor(opts: DeriveOptions) {
    if (opts.extendedHours !== undefined && typeof opts.extendedHours !== "boolean") {
      throw new ValidationError("extendedHours must be a boolean");
    }
    if (opts.instrumentIds !== undefined && typeof opts.instrumentIds?.has !== "function") {
      throw new ValidationError("instrumentIds must be a Set of instrument ids");
    }
    this.#ids = opts.instrumentIds ?? null;
    this.#grid = new MinuteGrid(opts.from, opts.to, opts.extendedHours === true);
    const slots = this.#grid.size;
    this.#count = new Uint32Array(slots);
    this.#open = new Float64Array(slots);
    this.#high = new Float64Array(slots);
    this.#low = new Float64Array(slots);
    this.#close = new Float64Array(slots);
    this.#openRem = new Float64Array(slots);
    this.#closeRem = new Float64Array(slots);
    this.#volume = new Float64Array(slots);
    this.#notional = new Float64Array(slots);
    this.#quoteCount = new Uint32Array(slots);
    this.#bidSum = new Float64Array(slots);
    this.#askSum = new Float64Array(slots);
    this.#spreadSum = new Float64Array(slots);
  }

  /** Counters so far (a snapshot). */
  get stats(): DeriveStats {
    return {
      trades: this.#trades,
      tradesOutsideSession: this.#tradesOut,
      quotes: this.#quotes,
      quotesOutsideSession: this.#quotesOut,
    };
  }

  /**
   * Adds a batch of TRADES records (Mbp1Columns work too: same leading columns).
   * @throws {ValidationError} when a column is shorter than `cols.length`
   */
  addTrades(cols: TradeColumns): void {
    const n = checkLength(cols, [
      cols.tsEvent,
      cols.price,
      cols.size,
      cols.action,
      cols.instrumentId,
    ]);
    if (n === 0) return;
    const ts = words(cols.tsEvent, n);
    const px = words(cols.price, n);
    const { size, action, instrumentId } = cols;
    const ids = this.#ids;
    const grid = this.#grid;
    const count = this.#count, open = this.#open, high = this.#high, low = this.#low;
    const close = this.#close, openRem = this.#openRem, closeRem = this.#closeRem;
    const volume = this.#volume, notional = this.#notional;
    let inside = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      if (action[i] !== ACTION_TRADE) continue;
      const sz = size[i];
      if (sz === 0 || sz === UNDEF_SIZE) continue;
      const pLo = px[2 * i];
      const pHi = px[2 * i + 1];
      if (pHi === UNDEF_HI && pLo === UNDEF_LO) continue;
      if (ids !== null && !ids.has(instrumentId[i])) continue;
      const slot = grid.slotOf(ts[2 * i + 1], ts[2 * i]);
      if (slot < 0) {
        outside++;
        continue;
      }
      inside++;
      const r = grid.rem;
      const p = priceOf(pHi, pLo);
      const c = count[slot];
      if (c === 0) {
        open[slot] =
          high[slot] =
          low[slot] =
          close[slot] =
            p;
        openRem[slot] = closeRem[slot] = r;
      } else {
        if (r < openRem[slot]) {
          openRem[slot] = r;
          open[slot] = p;
        }
        if (r >= closeRem[slot]) {
          closeRem[slot] = r;
          close[slot] = p;
        }
        if (p > high[slot]) high[slot] = p;
        if (p < low[slot]) low[slot] = p;
      }
      count[slot] = c + 1;
      volume[slot] += sz;
      notional[slot] += p * sz;
    }
    this.#trades += inside;
    this.#tradesOut += outside;
  }

  /**
   * Adds a batch of TBBO (or MBP-1) records; only their top-of-book prices are used.
   * @throws {ValidationError} when a column is shorter than `cols.length`
   */
  addQuotes(cols: Mbp1Columns): void {
    const n = checkLength(cols, [cols.tsEvent, cols.bidPx, cols.askPx, cols.instrumentId]);
    if (n === 0) return;
    const ts = words(cols.tsEvent, n);
    const bidPx = words(cols.bidPx, n);
    const askPx = words(cols.askPx, n);
    const instrumentId = cols.instrumentId;
    const ids = this.#ids;
    const grid = this.#grid;
    const quoteCount = this.#quoteCount;
    const bidSum = this.#bidSum, askSum = this.#askSum, spreadSum = this.#spreadSum;
    let inside = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const bLo = bidPx[2 * i], bHi = bidPx[2 * i + 1];
      const aLo = askPx[2 * i], aHi = askPx[2 * i + 1];
      if ((bHi === UNDEF_HI && bLo === UNDEF_LO) || (aHi === UNDEF_HI && aLo === UNDEF_LO)) {
        continue;
      }
      const bid = priceOf(bHi, bLo);
      const ask = priceOf(aHi, aLo);
      if (!(bid > 0) || !(ask > 0) || bid > ask) continue;
      if (ids !== null && !ids.has(instrumentId[i])) continue;
      const slot = grid.slotOf(ts[2 * i + 1], ts[2 * i]);
      if (slot < 0) {
        outside++;
        continue;
      }
      inside++;
      quoteCount[slot]++;
      bidSum[slot] += bid;
      askSum[slot] += ask;
      spreadSum[slot] += ask - bid;
    }
    this.#quotes += inside;
    this.#quotesOut += outside;
  }

  /**
   * The quote sums so far, to merge into an aggregator over the same grid that ran in
   * another worker (TBBO and TRADES files can then be derived in parallel).
   */
  quoteState(): QuoteState {
    return {
      slots: this.#grid.size,
      quotes: this.#quotes,
      quotesOutsideSession: this.#quotesOut,
      quoteCount: this.#quoteCount,
      bidSum: this.#bidSum,
      askSum: this.#askSum,
      spreadSum: this.#spreadSum,
    };
  }

  /**
   * Adds another aggregator's quote sums (see {@link quoteState}). Trades and quotes touch
   * disjoint accumulators, so deriving them apart and merging gives the same bars bit for
   * bit as adding both here, provided this aggregator has no quotes of its own.
   * @throws {ValidationError} when the grids differ
   */
  mergeQuoteState(q: QuoteState): void {
    if (q.slots !== this.#grid.size) {
      throw new ValidationError(`quote state has ${q.slots} slots, this grid ${this.#grid.size}`);
    }
    for (let s = 0; s < q.slots; s++) {
      this.#quoteCount[s] += q.quoteCount[s];
      this.#bidSum[s] += q.bidSum[s];
      this.#askSum[s] += q.askSum[s];
      this.#spreadSum[s] += q.spreadSum[s];
    }
    this.#quotes += q.quotes;
    this.#quotesOut += q.quotesOutsideSession;
  }

  /**
   * The bars so far, from the first minute with a trade to the end of the grid (see the
   * module doc for the policy). Does not change the aggregator; more batches may follow.
   */
  finish(): Bars {
    const slots = this.#grid.size;
    const slotTs = this.#grid.slotTs;
    const count = this.#count;
    let first = 0;
    while (first < slots && count[first] === 0) first++;
    const bars = allocBars(slots - first);
    let prevClose = NaN;
    let bid = NaN, ask = NaN, spread = NaN;
    for (let s = 0; s < slots; s++) {
      const q = this.#quoteCount[s];
      if (q > 0) {
        bid = this.#bidSum[s] / q;
        ask = this.#askSum[s] / q;
        spread = this.#spreadSum[s] / q;
      }
      if (s < first) continue;
      const j = s - first;
      bars.ts[j] = slotTs[s];
      const c = count[s];
      if (c > 0) {
        const lo = this.#low[s], hi = this.#high[s];
        bars.open[j] = this.#open[s];
        bars.high[j] = hi;
        bars.low[j] = lo;
        bars.close[j] = prevClose = this.#close[s];
        bars.volume[j] = this.#volume[s];
        bars.vwap[j] = Math.min(Math.max(this.#notional[s] / this.#volume[s], lo), hi);
        bars.tradeCount[j] = c;
      } else {
        bars.open[j] =
          bars.high[j] =
          bars.low[j] =
          bars.close[j] =
          bars.vwap[j] =
            prevClose;
      }
      bars.bidMean[j] = bid;
      bars.askMean[j] = ask;
      bars.spreadMean[j] = spread;
    }
    return bars;
  }
}

function checkLength(cols: { length: number }, columns: ArrayLike<unknown>[]): number {
  const n = cols.length;
  if (!Number.isInteger(n) || n < 0) {
    throw new ValidationError(`invalid batch length ${String(n)}`);
  }
  for (const c of columns) {
    if (c.length < n) {
      throw new ValidationError(`batch column holds ${c.length} values, batch length is ${n}`);
    }
  }
  return n;
}
