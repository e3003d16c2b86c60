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
 * Shuffle scope: bars 1..n−1 form one pool (overnight gaps included); given the trading
 * dates' first bars (`dayStarts`, from the market calendar: the engine does not read it) each
 * date is its own pool and the first bar of each date stays in place (it carries the
 * overnight gap and the session open).
 *
 * Speed: a trial draws the permutation (Fisher–Yates, `Rng.shuffle`), then rebuilds only the
 * open/close chain (the columns every run needs), reading its ratios from one
 * 16-byte-per-bar array that stays in cache. Every other column is rebuilt only when a stage
 * first reads it in that trial (a getter), so a strategy that reads closes pays for closes.
 */
import type { Bars } from "../../domain/bars.ts";
import type { ExecutionConfig } from "../types.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { Rng } from "./rng.ts";

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
 * @param dayStarts to shuffle only inside each trading date: the index of each date's first
 *   bar, ascending from 0 (`tradingDayStarts` in `market/calendar`); null for one pool
 * @returns the source for {@link PermutedBars}
 * @throws {ValidationError} for fewer than 2 bars, a non-positive open or close, or day
 *   starts that are not ascending indices from 0
 */
export function permutationSource(
  bars: Bars,
  dayStarts: Int32Array | null,
): PermutationSource {
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
  return { bars, chain, shape, pools: dayStarts ? dayPools(dayStarts, n) : Int32Array.of(1, n) };
}

/** Columns rebuilt on first read, each with its staleness bit. */
const LAZY = {
  high: 1,
  low: 2,
  vwap: 4,
  spreadMean: 8,
  bidMean: 16,
  askMean: 32,
  volume: 64,
  tradeCount: 128,
} as const;

type LazyColumn = keyof typeof LAZY;

/** Slot in `shape` and the column it is relative to, per price column. */
const SHAPE: Record<Exclude<LazyColumn, "volume" | "tradeCount">, [number, "open" | "close"]> = {
  high: [0, "open"],
  low: [1, "open"],
  vwap: [2, "open"],
  spreadMean: [3, "close"],
  bidMean: [4, "close"],
  askMean: [5, "close"],
};

/**
 * One reused bar set holding the current trial's permuted path. It satisfies {@link Bars}:
 * `open` and `close` are plain arrays rebuilt by every shuffle; the other columns are own,
 * enumerable getters that rebuild their array on its first read after a shuffle (so even a
 * `{ ...bars }` copy sees current values).
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
  /** High of the current path (rebuilt on first read). */
  declare readonly high: Float64Array;
  /** Low of the current path (rebuilt on first read). */
  declare readonly low: Float64Array;
  /** VWAP of the current path (rebuilt on first read). */
  declare readonly vwap: Float64Array;
  /** Mean spread of the current path (rebuilt on first read). */
  declare readonly spreadMean: Float64Array;
  /** Mean bid of the current path (rebuilt on first read). */
  declare readonly bidMean: Float64Array;
  /** Mean ask of the current path (rebuilt on first read). */
  declare readonly askMean: Float64Array;
  /** Volume of the current path: each bar's own, moved with it (gathered on first read). */
  declare readonly volume: Float64Array;
  /** Trade count of the current path, moved with its bar (gathered on first read). */
  declare readonly tradeCount: Uint32Array;
  private readonly source: PermutationSource;
  private readonly cols: Record<LazyColumn, Float64Array | Uint32Array>;
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
    const cols = {} as Record<LazyColumn, Float64Array | Uint32Array>;
    for (const name of Object.keys(LAZY) as LazyColumn[]) {
      cols[name] = name === "tradeCount" ? new Uint32Array(n) : new Float64Array(n);
      Object.defineProperty(this, name, {
        get: () => this.column(name),
        enumerable: true,
        configurable: false,
      });
    }
    this.cols = cols;
    this.unread = new Float64Array(n).fill(NaN);
    this.apply(this.perm.map((_, i) => i));
  }

  /**
   * Draws a new permutation (the identity, then a Fisher–Yates shuffle of each pool, so the
   * result depends on `rng` alone) and rebuilds open and close.
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
      vwap: cfg.fill_price === "vwap" ? this.vwap : u,
      volume: s === "participation_rate" ? this.volume : u,
      tradeCount: new Uint32Array(0),
      bidMean: u,
      askMean: u,
      spreadMean: s === "k_spread" ? this.spreadMean : u,
    };
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

  /** A lazy column, rebuilt first if stale. */
  private column(name: LazyColumn): Float64Array | Uint32Array {
    const out = this.cols[name];
    const bit = LAZY[name];
    if ((this.stale & bit) === 0) return out;
    this.stale &= ~bit;
    const real = this.source.bars;
    const perm = this.perm;
    if (name === "volume" || name === "tradeCount") {
      const src = real[name];
      for (let t = 0; t < out.length; t++) out[t] = src[perm[t]];
      return out;
    }
    const [slot, base] = SHAPE[name];
    const shape = this.source.shape;
    const ref = this[base];
    out[0] = real[name][0];
    for (let t = 1; t < out.length; t++) out[t] = ref[t] * shape[6 * perm[t] + slot];
    return out;
  }
}

/** Pools of each trading date (bars [start, next start)), without the date's first bar. */
function dayPools(dayStarts: Int32Array, n: number): Int32Array {
  if (dayStarts.length === 0 || dayStarts[0] !== 0) {
    throw new ValidationError("day starts must begin with bar 0");
  }
  const pools: number[] = [];
  for (let d = 0; d < dayStarts.length; d++) {
    const start = dayStarts[d];
    const end = d + 1 < dayStarts.length ? dayStarts[d + 1] : n;
    if (!(end > start && end <= n)) {
      throw new ValidationError(`day start ${end} is not after ${start} and within ${n} bars`);
    }
    if (end - start > 2) pools.push(start + 1, end);
  }
  return Int32Array.from(pools);
}
