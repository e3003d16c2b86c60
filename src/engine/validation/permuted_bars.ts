/**
 * @module
 * Synthetic price paths for the permutation test: the real bars' bar-to-bar moves in a
 * shuffled order, in one reused scratch bar set (no per-trial copies of the bars).
 *
 * Each bar t ≥ 1 is reduced once to its *relative moves* — ratios, so rebuilding takes only
 * multiplications:
 *
 * | ratio  | of bar t           | rebuilt as (o, c = the new open and close) |
 * | ------ | ------------------ | ------------------------------------------ |
 * | gap    | open / close[t−1]  | o = (previous new close) × gap             |
 * | C      | close / open       | c = o × C                                  |
 * | H, L   | high, low / open   | high = o × H, low = o × L                  |
 * | W      | vwap / open        | vwap = o × W                               |
 * | S      | spreadMean / close | spreadMean = c × S                         |
 * | Bq, Aq | bid, ask / close   | bidMean = c × Bq, askMean = c × Aq         |
 *
 * Volume and trade count travel with their bar unchanged; `ts` stays in place (the time axis
 * is not shuffled). Bar 0 is copied as it is, so the path starts at the real level, and as
 * the moves are only reordered it ends at the real last close too (up to rounding). A bar
 * keeps its shape: high ≥ max(open, close) ≥ min(open, close) ≥ low still hold exactly,
 * because multiplying by the same positive o preserves order.
 *
 * Shuffle scope: bars 1..n−1 form one pool (overnight gaps included); with `withinDay` each
 * New York trading date is its own pool and the first bar of each date stays in place (it
 * carries the overnight gap and the session open).
 *
 * Speed: a trial draws the permutation with a forward Fisher–Yates shuffle fused with the
 * open/close chain (the only columns every run needs), reading the chain's ratios from one
 * 16-byte-per-bar array that stays in cache. Every other column is rebuilt only when a stage
 * first reads it in that trial (a getter), so a strategy that reads closes pays for closes.
 */
import type { Bars } from "../../market/bars.ts";
import type { ExecutionConfig } from "../types.ts";
import { nyUtcOffsetMinutes } from "../../market/calendar/ny_time.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { Rng } from "./rng.ts";

const MS_PER_DAY = 86_400_000;

/** The real bars reduced to relative moves, built once per run and shared by all trials. */
export interface PermutationSource {
  /** The real bars (bar 0, `ts`, volume and trade counts are read from here). */
  readonly bars: Bars;
  /** Per bar: gap, C (stride 2); bar 0's slots are unused. */
  readonly chain: Float64Array;
  /** Per bar: H, L, W, S, Bq, Aq (stride 6). */
  readonly shape: Float64Array;
  /** Shuffle pools as [from, to) index pairs, ascending and disjoint. */
  readonly pools: Int32Array;
}

/**
 * Reduces `bars` to relative moves and shuffle pools.
 *
 * @param bars the real bars (every open and close finite and > 0)
 * @param withinDay shuffle only inside each New York trading date
 * @returns the source for {@link PermutedBars}
 * @throws {ValidationError} for fewer than 2 bars, a non-positive open or close, or (with
 *   `withinDay`) a timestamp outside the calendar's years
 */
export function permutationSource(bars: Bars, withinDay: boolean): PermutationSource {
  const n = bars.length;
  if (n < 2) throw new ValidationError(`permutation needs at least 2 bars, got ${n}`);
  const { open, high, low, close, vwap, spreadMean, bidMean, askMean } = bars;
  const chain = new Float64Array(2 * n);
  const shape = new Float64Array(6 * n);
  for (let t = 0; t < n; t++) {
    const o = open[t];
    const c = close[t];
    if (!(o > 0 && o < Infinity) || !(c > 0 && c < Infinity)) {
      throw new ValidationError(
        `bar ${t} has open ${o} and close ${c}; permutation needs finite prices above 0`,
      );
    }
    if (t === 0) continue;
    chain[2 * t] = o / close[t - 1];
    chain[2 * t + 1] = c / o;
    const k = 6 * t;
    shape[k] = high[t] / o;
    shape[k + 1] = low[t] / o;
    shape[k + 2] = vwap[t] / o;
    shape[k + 3] = spreadMean[t] / c;
    shape[k + 4] = bidMean[t] / c;
    shape[k + 5] = askMean[t] / c;
  }
  return { bars, chain, shape, pools: withinDay ? dayPools(bars.ts) : Int32Array.of(1, n) };
}

// Column ids for the staleness bit set.
const HIGH = 1;
const LOW = 2;
const VWAP = 4;
const SPREAD = 8;
const BID = 16;
const ASK = 32;
const VOLUME = 64;
const COUNT = 128;

/**
 * One reused bar set holding the current trial's permuted path. It satisfies {@link Bars}:
 * `open` and `close` are plain arrays rebuilt by {@link PermutedBars.shuffle}; the other
 * columns are getters that rebuild their array on first read after a shuffle.
 */
export class PermutedBars implements Bars {
  /** Number of bars. */
  readonly length: number;
  /** The real timestamps (shared, never written). */
  readonly ts: Float64Array;
  /** Open of the current path. */
  readonly open: Float64Array;
  /** Close of the current path. */
  readonly close: Float64Array;
  /** The current permutation: bar t carries the moves of real bar `perm[t]`. */
  readonly perm: Int32Array;
  private readonly source: PermutationSource;
  private readonly cols: {
    high: Float64Array;
    low: Float64Array;
    vwap: Float64Array;
    spreadMean: Float64Array;
    bidMean: Float64Array;
    askMean: Float64Array;
    volume: Float64Array;
    tradeCount: Uint32Array;
  };
  private readonly unread: Float64Array;
  private stale = 0;

  /** @param source relative moves from {@link permutationSource} */
  constructor(source: PermutationSource) {
    const n = source.bars.length;
    this.source = source;
    this.length = n;
    this.ts = source.bars.ts;
    this.open = new Float64Array(n);
    this.close = new Float64Array(n);
    this.perm = new Int32Array(n);
    this.cols = {
      high: new Float64Array(n),
      low: new Float64Array(n),
      vwap: new Float64Array(n),
      spreadMean: new Float64Array(n),
      bidMean: new Float64Array(n),
      askMean: new Float64Array(n),
      volume: new Float64Array(n),
      tradeCount: new Uint32Array(n),
    };
    this.unread = new Float64Array(n).fill(NaN);
    this.apply(this.perm.map((_, i) => i));
  }

  /**
   * Draws a new permutation (forward Fisher–Yates over each pool, starting from the
   * identity, so the result depends on `rng` alone) and rebuilds open and close.
   * @param rng the trial's generator
   */
  shuffle(rng: Rng): void {
    const perm = this.perm;
    const pools = this.source.pools;
    for (let i = 0; i < perm.length; i++) perm[i] = i;
    for (let p = 0; p < pools.length; p += 2) rng.shuffle(perm, pools[p], pools[p + 1]);
    this.rebuild();
  }

  /**
   * Uses the given permutation (e.g. the identity, which rebuilds the real path up to
   * rounding) and rebuilds open and close.
   * @param perm a permutation of 0..n−1 with `perm[0] = 0`
   */
  apply(perm: Int32Array): void {
    this.perm.set(perm);
    this.rebuild();
  }

  /** Rebuilds open and close from the permutation and marks every other column stale. */
  private rebuild(): void {
    const { chain, bars } = this.source;
    const perm = this.perm;
    const open = this.open;
    const close = this.close;
    open[0] = bars.open[0];
    close[0] = bars.close[0];
    let prev = close[0];
    for (let t = 1; t < this.length; t++) {
      const k = 2 * perm[t];
      const o = prev * chain[k];
      open[t] = o;
      prev = o * chain[k + 1];
      close[t] = prev;
    }
    this.stale = 0xff;
  }

  /** High of the current path. */
  get high(): Float64Array {
    return this.stale & HIGH ? this.fromOpen(HIGH, this.cols.high, 0, this.source.bars.high) : this.cols.high;
  }

  /** Low of the current path. */
  get low(): Float64Array {
    return this.stale & LOW ? this.fromOpen(LOW, this.cols.low, 1, this.source.bars.low) : this.cols.low;
  }

  /** VWAP of the current path. */
  get vwap(): Float64Array {
    return this.stale & VWAP ? this.fromOpen(VWAP, this.cols.vwap, 2, this.source.bars.vwap) : this.cols.vwap;
  }

  /** Mean spread of the current path. */
  get spreadMean(): Float64Array {
    return this.stale & SPREAD
      ? this.fromClose(SPREAD, this.cols.spreadMean, 3, this.source.bars.spreadMean)
      : this.cols.spreadMean;
  }

  /** Mean bid of the current path. */
  get bidMean(): Float64Array {
    return this.stale & BID
      ? this.fromClose(BID, this.cols.bidMean, 4, this.source.bars.bidMean)
      : this.cols.bidMean;
  }

  /** Mean ask of the current path. */
  get askMean(): Float64Array {
    return this.stale & ASK
      ? this.fromClose(ASK, this.cols.askMean, 5, this.source.bars.askMean)
      : this.cols.askMean;
  }

  /** Volume of the current path (each bar's own volume, moved with it). */
  get volume(): Float64Array {
    if (this.stale & VOLUME) {
      gather(this.cols.volume, this.source.bars.volume, this.perm);
      this.stale &= ~VOLUME;
    }
    return this.cols.volume;
  }

  /** Trade count of the current path (moved with its bar). */
  get tradeCount(): Uint32Array {
    if (this.stale & COUNT) {
      gather(this.cols.tradeCount, this.source.bars.tradeCount, this.perm);
      this.stale &= ~COUNT;
    }
    return this.cols.tradeCount;
  }

  /**
   * The bar set to hand the execution simulator: open, close and only the columns `cfg`
   * makes it read (the fill price column; spreadMean for `k_spread`; volume for
   * `participation_rate`). The others are NaN placeholders, so building them is skipped and
   * a read the simulator's documented semantics do not allow would show up as NaN.
   * @param cfg the execution settings of the re-run
   */
  forExecution(cfg: ExecutionConfig): Bars {
    const u = this.unread;
    const s = cfg.slippage.model;
    return {
      length: this.length,
      ts: this.ts,
      open: this.open,
      high: u,
      low: u,
      close: this.close,
      vwap: cfg.fillPrice === "vwap" ? this.vwap : u,
      volume: s === "participation_rate" ? this.volume : u,
      tradeCount: new Uint32Array(0),
      bidMean: u,
      askMean: u,
      spreadMean: s === "k_spread" ? this.spreadMean : u,
    };
  }

  private fromOpen(bit: number, out: Float64Array, slot: number, first: Float64Array): Float64Array {
    const { shape } = this.source;
    const perm = this.perm;
    const open = this.open;
    out[0] = first[0];
    for (let t = 1; t < this.length; t++) out[t] = open[t] * shape[6 * perm[t] + slot];
    this.stale &= ~bit;
    return out;
  }

  private fromClose(bit: number, out: Float64Array, slot: number, first: Float64Array): Float64Array {
    const { shape } = this.source;
    const perm = this.perm;
    const close = this.close;
    out[0] = first[0];
    for (let t = 1; t < this.length; t++) out[t] = close[t] * shape[6 * perm[t] + slot];
    this.stale &= ~bit;
    return out;
  }
}

function gather<T extends Float64Array | Uint32Array>(out: T, src: T, perm: Int32Array): void {
  for (let t = 0; t < out.length; t++) out[t] = src[perm[t]];
}

/** Pools of each New York trading date, without the date's first bar. */
function dayPools(ts: Float64Array): Int32Array {
  const n = ts.length;
  const pools: number[] = [];
  let start = 0;
  let day = nyDay(ts[0]);
  for (let t = 1; t <= n; t++) {
    const d = t < n ? nyDay(ts[t]) : NaN;
    if (d === day) continue;
    if (t - start > 2) pools.push(start + 1, t);
    start = t;
    day = d;
  }
  return Int32Array.from(pools);
}

function nyDay(utcMs: number): number {
  return Math.floor((utcMs + nyUtcOffsetMinutes(utcMs) * 60_000) / MS_PER_DAY);
}
