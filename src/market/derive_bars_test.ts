import assert from "node:assert/strict";
import type { Bars } from "../domain/bars.ts";
import { ValidationError } from "../domain/errors.ts";
import { BarAggregator, type DeriveOptions } from "./derive_bars.ts";
import {
  mbp1Columns,
  ns,
  px,
  type QuoteRow,
  referenceBars,
  tradeColumns,
  type TradeRow,
  UNDEF_PRICE,
} from "./testing/bar_reference.ts";

const MIN_NS = 60_000_000_000n;
const COLUMNS = [
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

/** One row of bars as a plain object (all eleven columns). */
function row(bars: Bars, i: number) {
  return {
    ts: new Date(bars.ts[i]).toISOString(),
    open: bars.open[i],
    high: bars.high[i],
    low: bars.low[i],
    close: bars.close[i],
    volume: bars.volume[i],
    vwap: bars.vwap[i],
    tradeCount: bars.tradeCount[i],
    bidMean: bars.bidMean[i],
    askMean: bars.askMean[i],
    spreadMean: bars.spreadMean[i],
  };
}

/** A bar without trades at `price`, carrying the given quote means. */
function flat(ts: string, price: number, bid = NaN, ask = NaN, spread = NaN) {
  return {
    ts,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 0,
    vwap: price,
    tradeCount: 0,
    bidMean: bid,
    askMean: ask,
    spreadMean: spread,
  };
}

/** Asserts two bar sets are identical bit for bit, naming the first differing cell. */
function assertSameBars(actual: Bars, expected: Bars) {
  assert.equal(actual.length, expected.length, "row count");
  for (const name of COLUMNS) {
    const a = actual[name];
    const e = expected[name];
    const ab = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const eb = new Uint8Array(e.buffer, e.byteOffset, e.byteLength);
    if (ab.length === eb.length && ab.every((v, i) => v === eb[i])) continue;
    const i = Array.from(a).findIndex((v, k) => !Object.is(v, e[k]));
    assert.fail(
      `${name}[${i}] at ${new Date(expected.ts[i]).toISOString()}: got ${a[i]}, expected ${e[i]}`,
    );
  }
}

function derive(opts: DeriveOptions, trades: TradeRow[], quotes: QuoteRow[] = []) {
  const agg = new BarAggregator(opts);
  agg.addTrades(tradeColumns(trades));
  agg.addQuotes(mbp1Columns(quotes));
  return { bars: agg.finish(), stats: agg.stats };
}

const quote = (ts: bigint, bid: number | bigint, ask: number | bigint): QuoteRow => ({
  ts,
  price: px(100),
  size: 1,
  bid: typeof bid === "bigint" ? bid : px(bid),
  ask: typeof ask === "bigint" ? ask : px(ask),
});

Deno.test("BarAggregator aggregates hand-computed minutes: OHLC, volume, VWAP, ties, flats", () => {
  const t = (iso: string, sec: number, price: number, size: number): TradeRow => ({
    ts: ns(iso, BigInt(sec) * 1_000_000_000n),
    price: px(price),
    size,
  });
  const { bars, stats } = derive({ from: "2024-03-08", to: "2024-03-08" }, [
    t("2024-03-08T14:30:00Z", 10, 100.5, 100),
    t("2024-03-08T14:30:00Z", 5, 100.25, 200),
    t("2024-03-08T14:30:00Z", 50, 101, 50),
    t("2024-03-08T14:30:00Z", 30, 99.75, 150),
    // Same-instant ties: the first seen opens, the last seen closes.
    { ts: ns("2024-03-08T14:32:00Z"), price: px(102), size: 10 },
    { ts: ns("2024-03-08T14:32:00Z"), price: px(102.5), size: 10 },
    { ts: ns("2024-03-08T14:33:00Z") - 1n, price: px(101.5), size: 20 },
    { ts: ns("2024-03-08T14:33:00Z") - 1n, price: px(101.75), size: 20 },
    { ts: ns("2024-03-08T14:33:00Z"), price: px(103), size: 1 },
  ]);
  assert.deepEqual(stats, {
    trades: 9,
    tradesOutsideSession: 0,
    quotes: 0,
    quotesOutsideSession: 0,
  });
  assert.equal(bars.length, 390);
  assert.deepEqual(row(bars, 0), {
    ts: "2024-03-08T14:30:00.000Z",
    open: 100.25,
    high: 101,
    low: 99.75,
    close: 101,
    volume: 500,
    vwap: 100.225, // (100.5·100 + 100.25·200 + 101·50 + 99.75·150) / 500 = 50112.5 / 500
    tradeCount: 4,
    bidMean: NaN,
    askMean: NaN,
    spreadMean: NaN,
  });
  assert.deepEqual(row(bars, 1), flat("2024-03-08T14:31:00.000Z", 101));
  assert.deepEqual(row(bars, 2), {
    ts: "2024-03-08T14:32:00.000Z",
    open: 102,
    high: 102.5,
    low: 101.5,
    close: 101.75,
    volume: 60,
    vwap: 6110 / 60, // 1020 + 1025 + 2030 + 2035
    tradeCount: 4,
    bidMean: NaN,
    askMean: NaN,
    spreadMean: NaN,
  });
  assert.equal(bars.vwap[2], 101.83333333333333);
  assert.deepEqual(row(bars, 3), {
    ...flat("2024-03-08T14:33:00.000Z", 103),
    volume: 1,
    tradeCount: 1,
  });
  assert.deepEqual(row(bars, 389), flat("2024-03-08T20:59:00.000Z", 103));
});

Deno.test("BarAggregator places ns at a minute edge exactly, where doubles cannot tell them apart", () => {
  const open = ns("2024-03-08T14:30:00Z");
  const close = ns("2024-03-08T21:00:00Z");
  const mondayOpen = ns("2024-03-11T13:30:00Z"); // EDT after the March switch
  // As doubles these pairs collapse into one value: the exact path is what separates them.
  assert.equal(Number(open - 1n), Number(open));
  assert.equal(Number(close - 1n), Number(close));
  const { bars, stats } = derive({ from: "2024-03-08", to: "2024-03-11" }, [
    { ts: open - 1n, price: px(1), size: 1 },
    { ts: open, price: px(2), size: 1 },
    { ts: open + MIN_NS - 1n, price: px(3), size: 1 },
    { ts: open + MIN_NS, price: px(4), size: 1 },
    { ts: close - 1n, price: px(5), size: 1 },
    { ts: close, price: px(6), size: 1 },
    { ts: mondayOpen - 1n, price: px(7), size: 1 },
    { ts: mondayOpen, price: px(8), size: 1 },
  ]);
  assert.deepEqual(stats, {
    trades: 5,
    tradesOutsideSession: 3,
    quotes: 0,
    quotesOutsideSession: 0,
  });
  assert.equal(bars.length, 780);
  assert.deepEqual([bars.open[0], bars.close[0], bars.tradeCount[0]], [2, 3, 2]);
  assert.deepEqual([bars.open[1], bars.tradeCount[1]], [4, 1]);
  assert.deepEqual([new Date(bars.ts[389]).toISOString(), bars.open[389]], [
    "2024-03-08T20:59:00.000Z",
    5,
  ]);
  assert.deepEqual([new Date(bars.ts[390]).toISOString(), bars.open[390]], [
    "2024-03-11T13:30:00.000Z",
    8,
  ]);
});

Deno.test("BarAggregator with extendedHours covers 04:00-17:00 ET on an early close", () => {
  const trades = [
    "2024-11-29T08:59:59.999999999Z",
    "2024-11-29T09:00:00Z",
    "2024-11-29T18:00:00Z",
    "2024-11-29T21:59:59.999999999Z",
    "2024-11-29T22:00:00Z",
  ].map((iso, i): TradeRow => {
    const [whole, frac] = iso.replace("Z", "").split(".");
    return { ts: ns(whole + "Z", BigInt(frac ?? "0")), price: px(10 + i), size: 1 };
  });
  const regular = derive({ from: "2024-11-29", to: "2024-11-29" }, trades);
  assert.deepEqual(regular.stats, {
    trades: 0,
    tradesOutsideSession: 5,
    quotes: 0,
    quotesOutsideSession: 0,
  });
  assert.equal(regular.bars.length, 0);

  const extended = derive({ from: "2024-11-29", to: "2024-11-29", extendedHours: true }, trades);
  assert.deepEqual(extended.stats, {
    trades: 3,
    tradesOutsideSession: 2,
    quotes: 0,
    quotesOutsideSession: 0,
  });
  assert.equal(extended.bars.length, 780);
  assert.deepEqual(row(extended.bars, 0), {
    ...flat("2024-11-29T09:00:00.000Z", 11),
    volume: 1,
    tradeCount: 1,
  });
  assert.deepEqual(row(extended.bars, 540), {
    ...flat("2024-11-29T18:00:00.000Z", 12),
    volume: 1,
    tradeCount: 1,
  });
  assert.deepEqual(row(extended.bars, 779), {
    ...flat("2024-11-29T21:59:00.000Z", 13),
    volume: 1,
    tradeCount: 1,
  });
});

Deno.test("BarAggregator ignores non-trades, empty sizes, undefined prices and other instruments", () => {
  const ts = ns("2024-03-08T15:00:00Z");
  const { bars, stats } = derive({
    from: "2024-03-08",
    to: "2024-03-08",
    instrumentIds: new Set([1]),
  }, [
    { ts, price: px(1), size: 5, action: "A" },
    { ts, price: px(2), size: 0 },
    { ts, price: px(3), size: 0xffffffff },
    { ts, price: UNDEF_PRICE, size: 5 },
    { ts, price: px(5), size: 5, instrumentId: 2 },
    { ts, price: px(6), size: 7 },
  ]);
  assert.deepEqual(stats, {
    trades: 1,
    tradesOutsideSession: 0,
    quotes: 0,
    quotesOutsideSession: 0,
  });
  assert.equal(bars.length, 360);
  assert.deepEqual(row(bars, 0), {
    ...flat("2024-03-08T15:00:00.000Z", 6),
    volume: 7,
    tradeCount: 1,
  });
});

Deno.test("BarAggregator counts trades on holidays, weekends, outside hours and outside the range", () => {
  const at = (iso: string, price: number): TradeRow => ({ ts: ns(iso), price: px(price), size: 1 });
  const { bars, stats } = derive({ from: "2024-03-28", to: "2024-04-01" }, [
    at("2024-03-28T12:00:00Z", 1), // pre-market
    at("2024-03-28T15:00:00Z", 2),
    at("2024-03-29T15:00:00Z", 3), // Good Friday
    at("2024-03-30T15:00:00Z", 4), // Saturday
    at("2024-04-01T15:00:00Z", 5),
    at("2024-04-02T15:00:00Z", 6), // after `to`
  ]);
  assert.deepEqual(stats, {
    trades: 2,
    tradesOutsideSession: 4,
    quotes: 0,
    quotesOutsideSession: 0,
  });
  assert.equal(bars.length, 300 + 390);
  assert.deepEqual(row(bars, 299), flat("2024-03-28T19:59:00.000Z", 2));
  assert.deepEqual(row(bars, 300), flat("2024-04-01T13:30:00.000Z", 2));
  assert.deepEqual(row(bars, 390), {
    ...flat("2024-04-01T15:00:00.000Z", 5),
    volume: 1,
    tradeCount: 1,
  });
});

Deno.test("BarAggregator emits a day without trades flat at the previous close", () => {
  const { bars } = derive({ from: "2024-03-07", to: "2024-03-11" }, [
    { ts: ns("2024-03-07T20:59:30Z"), price: px(50), size: 3 },
  ]);
  assert.equal(bars.length, 1 + 390 + 390);
  assert.deepEqual(row(bars, 0), {
    ...flat("2024-03-07T20:59:00.000Z", 50),
    volume: 3,
    tradeCount: 1,
  });
  assert.deepEqual(row(bars, 1), flat("2024-03-08T14:30:00.000Z", 50));
  assert.deepEqual(row(bars, 391), flat("2024-03-11T13:30:00.000Z", 50));
  assert.deepEqual(row(bars, 780), flat("2024-03-11T19:59:00.000Z", 50));
  assert.equal(bars.volume.reduce((a, b) => a + b), 3);
});

Deno.test("BarAggregator averages TBBO quotes per minute and carries them forward", () => {
  const m = (hhmm: string) => ns(`2024-03-08T${hhmm}:00Z`);
  const { bars, stats } = derive(
    { from: "2024-03-08", to: "2024-03-08" },
    [{ ts: m("14:31"), price: px(100), size: 1 }],
    [
      quote(m("14:30") - 1n, 99, 99.5), // before the open
      quote(m("14:30"), 100, 100.5),
      quote(m("14:30") + 1n, 100.25, 100.5),
      quote(m("14:30") + 2n, 101, 100.5), // crossed
      quote(m("14:30") + 3n, 0, 100.5), // zero bid
      quote(m("14:30") + 4n, 100, UNDEF_PRICE), // undefined ask
      quote(m("14:32"), 101, 101.25),
      quote(m("14:32") + 5n, 101.5, 101.5), // locked counts
    ],
  );
  assert.deepEqual(stats, {
    trades: 1,
    tradesOutsideSession: 0,
    quotes: 4,
    quotesOutsideSession: 1,
  });
  assert.equal(bars.length, 389);
  // 14:30 has quotes but no trade: dropped, yet its means seed the first bar.
  assert.deepEqual(row(bars, 0), {
    ...flat("2024-03-08T14:31:00.000Z", 100, 100.125, 100.5, 0.375),
    volume: 1,
    tradeCount: 1,
  });
  assert.deepEqual(row(bars, 1), flat("2024-03-08T14:32:00.000Z", 100, 101.25, 101.375, 0.125));
  assert.deepEqual(row(bars, 2), flat("2024-03-08T14:33:00.000Z", 100, 101.25, 101.375, 0.125));
  assert.deepEqual(row(bars, 388), flat("2024-03-08T20:59:00.000Z", 100, 101.25, 101.375, 0.125));
});

Deno.test("BarAggregator leaves quote means NaN until the first quote", () => {
  const m = (hhmm: string) => ns(`2024-03-08T${hhmm}:00Z`);
  const { bars } = derive(
    { from: "2024-03-08", to: "2024-03-08" },
    [{ ts: m("14:30"), price: px(10), size: 1 }],
    [quote(m("14:32") + 30_000_000_000n, 9.5, 10.5)],
  );
  assert.deepEqual([bars.bidMean[0], bars.bidMean[1]], [NaN, NaN]);
  assert.deepEqual([bars.bidMean[2], bars.askMean[2], bars.spreadMean[2]], [9.5, 10.5, 1]);
  assert.deepEqual([bars.bidMean[3], bars.askMean[3], bars.spreadMean[3]], [9.5, 10.5, 1]);
});

Deno.test("BarAggregator gives no bars without trades, quotes or not", () => {
  const { bars, stats } = derive({ from: "2024-03-08", to: "2024-03-08" }, [], [
    quote(ns("2024-03-08T15:00:00Z"), 1, 2),
  ]);
  assert.equal(bars.length, 0);
  assert.deepEqual(stats, {
    trades: 0,
    tradesOutsideSession: 0,
    quotes: 1,
    quotesOutsideSession: 0,
  });
  assert.equal(new BarAggregator({ from: "2024-03-09", to: "2024-03-10" }).finish().length, 0);
});

Deno.test("BarAggregator.addTrades() reads the trade part of Mbp1Columns", () => {
  const agg = new BarAggregator({ from: "2024-03-08", to: "2024-03-08" });
  agg.addTrades(
    mbp1Columns([{ ...quote(ns("2024-03-08T14:30:00Z"), 99, 101), price: px(100), size: 4 }]),
  );
  const bars = agg.finish();
  assert.deepEqual(row(bars, 0), {
    ...flat("2024-03-08T14:30:00.000Z", 100),
    volume: 4,
    tradeCount: 1,
  });
});

Deno.test("BarAggregator converts prices beyond 2^53 and negative prices like Number(bigint) / 1e9", () => {
  const ts = ns("2024-03-08T14:30:00Z");
  const big = 9_007_199_254_740_993n; // 2^53 + 1: not a double
  const { bars } = derive({ from: "2024-03-08", to: "2024-03-08" }, [
    { ts, price: big, size: 1 },
    { ts: ts + 1n, price: -1_500_000_000n, size: 1 },
  ]);
  assert.equal(bars.open[0], Number(big) / 1e9);
  assert.equal(bars.open[0], 9007199.254740992);
  assert.equal(bars.close[0], -1.5);
  assert.equal(bars.low[0], -1.5);
});

Deno.test("BarAggregator refuses bad ranges and short columns with ValidationError", () => {
  assert.throws(() => new BarAggregator({ from: "2024-03-09", to: "2024-03-08" }), ValidationError);
  assert.throws(() => new BarAggregator({ from: "1999-12-31", to: "2000-01-04" }), ValidationError);
  assert.throws(() => new BarAggregator({ from: "2024-3-8", to: "2024-03-08" }), ValidationError);
  const agg = new BarAggregator({ from: "2024-03-08", to: "2024-03-08" });
  const cols = tradeColumns([{ ts: ns("2024-03-08T15:00:00Z"), price: px(1), size: 1 }]);
  assert.throws(() => agg.addTrades({ ...cols, length: 2 }), {
    name: "ValidationError",
    message: "batch column holds 1 values, batch length is 2",
  });
});

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random records over `from - 1 day .. to + 1 day`, 08:00–02:00 UTC each day, with minute
 * edges, exact ties, rejects, huge and negative prices; then shuffled. `skipDay` gets none.
 */
function randomRecords(seed: number, from: string, to: string, n: number, skipDay: string) {
  const rand = prng(seed);
  const int = (k: number) => Math.floor(rand() * k);
  const firstDay = Date.parse(from) - 86_400_000;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 3;
  const stamp = (prev: bigint[]): bigint => {
    const u = rand();
    if (u < 0.1 && prev.length > 0) return prev[int(prev.length)];
    let day = firstDay + int(days) * 86_400_000;
    if (new Date(day).toISOString().startsWith(skipDay)) day += 86_400_000;
    const ms = day + 8 * 3_600_000 + int(18 * 60) * 60_000;
    const edge = BigInt(ms) * 1_000_000n;
    if (u < 0.25) return edge + BigInt(int(3) - 1); // -1, 0 or +1 ns around the minute
    return edge + BigInt(int(60_000_000)) * 1000n + BigInt(int(1000));
  };
  const price = (): bigint => {
    const u = rand();
    if (u < 0.02) return UNDEF_PRICE;
    if (u < 0.03) return 9_007_199_254_740_993n + BigInt(int(1000));
    if (u < 0.04) return -BigInt(int(5e9));
    if (u < 0.5) return BigInt(9_000 + int(2_000)) * 10_000_000n; // cents
    return 90_000_000_000n + BigInt(int(20_000_000)) * 1000n + BigInt(int(1000));
  };
  const trades: TradeRow[] = [];
  const quotes: QuoteRow[] = [];
  const seen: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const ts = stamp(seen);
    seen.push(ts);
    const u = rand();
    trades.push({
      ts,
      price: price(),
      size: u < 0.02 ? 0 : u < 0.03 ? 0xffffffff : 1 + int(500),
      action: rand() < 0.03 ? "A" : "T",
      instrumentId: rand() < 0.1 ? 2 : 1,
    });
    const bid = price();
    const spread = rand() < 0.05 ? -10_000_000n : BigInt(int(5)) * 10_000_000n;
    quotes.push({
      ts: stamp(seen),
      price: px(1),
      size: 1,
      bid,
      ask: bid === UNDEF_PRICE ? bid : bid + spread,
      instrumentId: trades[i].instrumentId,
    });
  }
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  return { trades: shuffle(trades), quotes: shuffle(quotes), rand };
}

/** Feeds rows to an aggregator in random-size batches, trades and quotes interleaved. */
function deriveInBatches(
  opts: DeriveOptions,
  trades: TradeRow[],
  quotes: QuoteRow[],
  rand: () => number,
) {
  const agg = new BarAggregator(opts);
  let t = 0;
  let q = 0;
  while (t < trades.length || q < quotes.length) {
    const k = 1 + Math.floor(rand() * 3000);
    if (rand() < 0.5 && t < trades.length) {
      agg.addTrades(tradeColumns(trades.slice(t, t + k)));
      t += k;
    } else if (q < quotes.length) {
      agg.addQuotes(mbp1Columns(quotes.slice(q, q + k)));
      q += k;
    }
  }
  return { bars: agg.finish(), stats: agg.stats };
}

Deno.test("BarAggregator matches the naive reference on shuffled random records", async (t) => {
  const cases: { name: string; seed: number; opts: DeriveOptions; skipDay: string }[] = [
    {
      name: "DST end, Thanksgiving and its early close, a day without records",
      seed: 1,
      opts: { from: "2024-10-31", to: "2024-12-03" },
      skipDay: "2024-11-20",
    },
    {
      name: "DST start in extended hours, instrument 1 only",
      seed: 2,
      opts: {
        from: "2024-03-06",
        to: "2024-03-13",
        extendedHours: true,
        instrumentIds: new Set([1]),
      },
      skipDay: "2024-03-12",
    },
    {
      name: "pre-2007 DST start (2006-04-02) in extended hours",
      seed: 3,
      opts: { from: "2006-03-30", to: "2006-04-04", extendedHours: true },
      skipDay: "2006-04-03",
    },
    {
      name: "July 3 2024 early close and July 4",
      seed: 4,
      opts: { from: "2024-07-01", to: "2024-07-05" },
      skipDay: "2024-07-02",
    },
  ];
  for (const c of cases) {
    await t.step(c.name, () => {
      const { trades, quotes, rand } = randomRecords(
        c.seed,
        c.opts.from,
        c.opts.to,
        12_000,
        c.skipDay,
      );
      const expected = referenceBars(trades, quotes, c.opts);
      const actual = deriveInBatches(c.opts, trades, quotes, rand);
      assert.deepEqual(actual.stats, expected.stats);
      assert.ok(expected.stats.trades > 1000 && expected.stats.tradesOutsideSession > 1000);
      assert.ok(expected.stats.quotes > 1000 && expected.stats.quotesOutsideSession > 1000);
      assert.ok(expected.bars.length > 1000);
      assertSameBars(actual.bars, expected.bars);
    });
  }
});

Deno.test("BarAggregator is deterministic: same records in the same order, any batching", () => {
  const opts = { from: "2024-10-31", to: "2024-11-08" };
  const { trades, quotes } = randomRecords(7, opts.from, opts.to, 5_000, "2024-11-01");
  const a = deriveInBatches(opts, trades, quotes, prng(11));
  const b = deriveInBatches(opts, trades, quotes, prng(12));
  const c = derive(opts, trades, quotes);
  assertSameBars(a.bars, b.bars);
  assertSameBars(a.bars, c.bars);
  assert.deepEqual(a.stats, c.stats);
});
