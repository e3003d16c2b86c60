/**
 * @module
 * Throughput of 1-minute bar derivation (`BarAggregator`): 10 million trades and 10 million
 * TBBO quotes over the 2024 regular sessions, fed in 65,536-record batches, in time order and
 * shuffled. Prints records per second after the `deno bench` table.
 *
 * Run: `scripts/deno bench -A scripts/bench/derive_bars_bench.ts`
 */

import type { Mbp1Columns, TradeColumns } from "../../src/market/dbn/types.ts";
import { BarAggregator } from "../../src/market/derive_bars.ts";
import { sessionsBetween } from "../../src/market/calendar/mod.ts";

const N = 10_000_000;
const BATCH = 65_536;
const OPTS = { from: "2024-01-01", to: "2024-12-31" };

/** Seeded xorshift32 in [0, 1). */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** `n` Mbp1 records inside the 2024 sessions (a few percent outside), sorted or shuffled. */
function makeRecords(n: number, shuffled: boolean, seed: number): Mbp1Columns {
  const rand = prng(seed);
  const sessions = sessionsBetween(OPTS.from, OPTS.to);
  const ms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = sessions[Math.floor((i / n) * sessions.length)];
    // 3% land in the hour before the open, outside the regular session.
    const start = rand() < 0.03 ? s.openMs - 3_600_000 : s.openMs;
    ms[i] = start + Math.floor(rand() * (s.closeMs - s.openMs));
  }
  if (!shuffled) ms.sort();
  else {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = ms[i];
      ms[i] = ms[j];
      ms[j] = t;
    }
  }
  const zero8 = new Uint8Array(n);
  const zero32 = new Uint32Array(n);
  const tsEvent = new BigUint64Array(n);
  const price = new BigInt64Array(n);
  const bidPx = new BigInt64Array(n);
  const askPx = new BigInt64Array(n);
  const size = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    tsEvent[i] = BigInt(ms[i]) * 1_000_000n + BigInt(Math.floor(rand() * 1_000_000));
    const cents = 15_000 + Math.floor(rand() * 1_000);
    price[i] = BigInt(cents) * 10_000_000n;
    bidPx[i] = price[i] - 10_000_000n;
    askPx[i] = price[i] + 10_000_000n;
    size[i] = 1 + Math.floor(rand() * 300);
  }
  return {
    length: n,
    rtype: zero8,
    publisherId: new Uint16Array(n),
    instrumentId: zero32,
    tsEvent,
    price,
    size,
    action: new Uint8Array(n).fill(84),
    side: zero8,
    flags: zero8,
    depth: zero8,
    tsRecv: tsEvent,
    tsInDelta: new Int32Array(n),
    sequence: zero32,
    bidPx,
    askPx,
    bidSz: zero32,
    askSz: zero32,
    bidCt: zero32,
    askCt: zero32,
  };
}

/** Zero-copy batches of `BATCH` records, as the streaming decoder hands them out. */
function batches(c: Mbp1Columns): Mbp1Columns[] {
  const out: Mbp1Columns[] = [];
  for (let at = 0; at < c.length; at += BATCH) {
    const end = Math.min(c.length, at + BATCH);
    const sub = <T extends { subarray(a: number, b: number): T }>(a: T) => a.subarray(at, end);
    out.push({
      length: end - at,
      rtype: sub(c.rtype),
      publisherId: sub(c.publisherId),
      instrumentId: sub(c.instrumentId),
      tsEvent: sub(c.tsEvent),
      price: sub(c.price),
      size: sub(c.size),
      action: sub(c.action),
      side: sub(c.side),
      flags: sub(c.flags),
      depth: sub(c.depth),
      tsRecv: sub(c.tsRecv),
      tsInDelta: sub(c.tsInDelta),
      sequence: sub(c.sequence),
      bidPx: sub(c.bidPx),
      askPx: sub(c.askPx),
      bidSz: sub(c.bidSz),
      askSz: sub(c.askSz),
      bidCt: sub(c.bidCt),
      askCt: sub(c.askCt),
    });
  }
  return out;
}

const sorted = batches(makeRecords(N, false, 1));
const shuffled = batches(makeRecords(N, true, 2));

function run(list: Mbp1Columns[], quotes: boolean): number {
  const agg = new BarAggregator(OPTS);
  for (const b of list) {
    if (quotes) agg.addQuotes(b);
    else agg.addTrades(b as TradeColumns);
  }
  return agg.finish().length;
}

Deno.bench({
  name: "addTrades, 10M trades in time order",
  group: "derive",
  baseline: true,
  n: 5,
  warmup: 1,
  fn: () => void run(sorted, false),
});
Deno.bench({
  name: "addTrades, 10M trades shuffled",
  group: "derive",
  n: 5,
  warmup: 1,
  fn: () => void run(shuffled, false),
});
Deno.bench({
  name: "addQuotes, 10M TBBO quotes in time order",
  group: "derive",
  n: 5,
  warmup: 1,
  fn: () => void run(sorted, true),
});

// A plain timing for the headline figure (median of 5), printed after the table.
globalThis.addEventListener("unload", () => {
  for (
    const [label, list, quotes] of [
      ["trades, time order", sorted, false],
      ["trades, shuffled", shuffled, false],
      ["quotes, time order", sorted, true],
    ] as const
  ) {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      run(list, quotes);
      times.push(performance.now() - t0);
    }
    const median = times.sort((a, b) => a - b)[2];
    console.log(
      `derive_bars ${label}: ${(N / median / 1000).toFixed(1)} M records/s (median ${
        median.toFixed(0)
      } ms for ${N / 1e6}M)`,
    );
  }
});
