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

/** A column of {@link Bars} (every property but `length`). */
export type BarColumnKey = Exclude<keyof Bars, "length">;

/** One bar column: its property, its name on disk and on the wire, and how it is stored. */
export interface BarField {
  /** Property of {@link Bars}. */
  readonly key: BarColumnKey;
  /** Column name in Parquet, JSON (`GET /candles`) and CSV. */
  readonly column: string;
  /** `time`: UTC ms in memory, timestamp[ns] in Parquet; `f64`; `u32` (trade counts). */
  readonly type: "time" | "f64" | "u32";
  /** NaN means "no value" (no quote in the minute): `null` in JSON. */
  readonly nullable: boolean;
  /** Header names the candle import accepts (the first is the one its messages use). */
  readonly importNames: readonly string[];
}

/**
 * The 11 bar columns, in file order: the one list Parquet, `GET /candles`, the CSV import and
 * the column helpers below are written from.
 */
export const BAR_FIELDS: readonly BarField[] = [
  {
    key: "ts",
    column: "ts",
    type: "time",
    nullable: false,
    importNames: ["ts", "timestamp", "time", "datetime", "date"],
  },
  { key: "open", column: "open", type: "f64", nullable: false, importNames: ["open"] },
  { key: "high", column: "high", type: "f64", nullable: false, importNames: ["high"] },
  { key: "low", column: "low", type: "f64", nullable: false, importNames: ["low"] },
  { key: "close", column: "close", type: "f64", nullable: false, importNames: ["close"] },
  { key: "volume", column: "volume", type: "f64", nullable: false, importNames: ["volume"] },
  { key: "vwap", column: "vwap", type: "f64", nullable: false, importNames: ["vwap"] },
  {
    key: "tradeCount",
    column: "trade_count",
    type: "u32",
    nullable: false,
    importNames: ["trade_count"],
  },
  {
    key: "bidMean",
    column: "bid_mean",
    type: "f64",
    nullable: true,
    importNames: ["bid", "bid_mean"],
  },
  {
    key: "askMean",
    column: "ask_mean",
    type: "f64",
    nullable: true,
    importNames: ["ask", "ask_mean"],
  },
  {
    key: "spreadMean",
    column: "spread_mean",
    type: "f64",
    nullable: true,
    importNames: ["spread", "spread_mean"],
  },
];

/** Column names as written to Parquet, in order. */
export const BAR_COLUMNS: readonly string[] = BAR_FIELDS.map((f) => f.column);

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
  for (const { key } of BAR_FIELDS) {
    const from = bars[key], to = out[key];
    for (let i = 0; i < rows.length; i++) to[i] = from[rows[i]];
  }
  return out;
}
