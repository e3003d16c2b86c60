/**
 * @module
 * The columnar 1-minute bar set that derivation produces, Parquet stores and the engine reads.
 * One typed array per column, all of the same `length`, sorted by `ts` ascending, no
 * duplicate minutes.
 */

/** 1-minute bars of one symbol, columnar. */
export interface Bars {
  /** Number of bars (rows). */
  length: number;
  /** Bar open time: UTC minute start, milliseconds since the UNIX epoch (whole minutes). */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Traded volume (shares/contracts) in the minute; 0 for a minute without trades. */
  volume: Float64Array;
  /** Volume-weighted average trade price; equals `close` for a minute without trades. */
  vwap: Float64Array;
  /** Number of trades in the minute. */
  tradeCount: Uint32Array;
  /** Mean best bid over the minute's TBBO records (NaN when the minute has none and no earlier quote). */
  bidMean: Float64Array;
  /** Mean best ask over the minute's TBBO records. */
  askMean: Float64Array;
  /** Mean (ask - bid) over the minute's TBBO records. */
  spreadMean: Float64Array;
}

/** Column names as written to Parquet, in order. */
export const BAR_COLUMNS = [
  "ts",
  "open",
  "high",
  "low",
  "close",
  "volume",
  "vwap",
  "trade_count",
  "bid_mean",
  "ask_mean",
  "spread_mean",
] as const;

/** Allocates a zeroed bar set of `length` rows. */
export function allocBars(length: number): Bars {
  return {
    length,
    ts: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
    vwap: new Float64Array(length),
    tradeCount: new Uint32Array(length),
    bidMean: new Float64Array(length),
    askMean: new Float64Array(length),
    spreadMean: new Float64Array(length),
  };
}

/** Returns rows [start, end) as a new bar set sharing no memory with `bars`. */
export function sliceBars(bars: Bars, start: number, end: number): Bars {
  return {
    length: Math.max(0, end - start),
    ts: bars.ts.slice(start, end),
    open: bars.open.slice(start, end),
    high: bars.high.slice(start, end),
    low: bars.low.slice(start, end),
    close: bars.close.slice(start, end),
    volume: bars.volume.slice(start, end),
    vwap: bars.vwap.slice(start, end),
    tradeCount: bars.tradeCount.slice(start, end),
    bidMean: bars.bidMean.slice(start, end),
    askMean: bars.askMean.slice(start, end),
    spreadMean: bars.spreadMean.slice(start, end),
  };
}

/**
 * Gathers the given rows, in the given order, into a new bar set.
 * @param bars the source bars
 * @param rows row indices into `bars`
 */
export function takeBars(bars: Bars, rows: Uint32Array): Bars {
  const out = allocBars(rows.length);
  for (const key of COLUMN_KEYS) {
    const from = bars[key], to = out[key];
    for (let i = 0; i < rows.length; i++) to[i] = from[rows[i]];
  }
  return out;
}

const COLUMN_KEYS = [
  "ts",
  "open",
  "high",
  "low",
  "close",
  "volume",
  "vwap",
  "tradeCount",
  "bidMean",
  "askMean",
  "spreadMean",
] as const;
