/**
 * @module
 * Bar sets for tests and benchmarks: hand-written series and seeded random walks (a local
 * mulberry32 generator, so fixtures never depend on another module's randomness).
 */
import { allocBars, type Bars } from "../../domain/bars.ts";
import { Mulberry32 } from "../../domain/random.ts";

/** A small seeded generator (mulberry32, `domain/random.ts`): the same seed, the same walk. */
export { Mulberry32 as Prng };

/**
 * Bars whose open, high, low, close and vwap all equal `closes` (volume 1, one trade, a
 * 0.01 quote spread), one minute apart from 2024-01-02T14:30Z.
 */
export function barsFromCloses(closes: readonly number[]): Bars {
  return barsFromOhlc(closes.map((c) => [c, c, c, c]));
}

/** Bars from `[open, high, low, close]` rows (vwap = close, volume 1, spread 0.01). */
export function barsFromOhlc(rows: readonly (readonly [number, number, number, number])[]): Bars {
  const bars = allocBars(rows.length);
  rows.forEach(([o, h, l, c], i) => {
    bars.ts[i] = Date.UTC(2024, 0, 2, 14, 30 + i);
    bars.open[i] = o;
    bars.high[i] = h;
    bars.low[i] = l;
    bars.close[i] = c;
    bars.vwap[i] = c;
    bars.volume[i] = 1;
    bars.tradeCount[i] = 1;
    bars.bidMean[i] = c - 0.005;
    bars.askMean[i] = c + 0.005;
    bars.spreadMean[i] = 0.01;
  });
  return bars;
}

/**
 * A seeded random walk of `n` consistent bars (low ≤ open, close ≤ high, vwap inside) around
 * 100 with per-bar moves of about 0.1 %, volumes and quotes filled in.
 */
export function randomBars(n: number, seed: number): Bars {
  const rng = new Mulberry32(seed);
  const bars = allocBars(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open * (1 + (rng.next() - 0.5) * 0.004);
    const high = Math.max(open, close) * (1 + rng.next() * 0.001);
    const low = Math.min(open, close) * (1 - rng.next() * 0.001);
    const spread = 0.01 + rng.next() * 0.02;
    bars.ts[i] = Date.UTC(2024, 0, 2, 14, 30) + i * 60_000;
    bars.open[i] = open;
    bars.high[i] = high;
    bars.low[i] = low;
    bars.close[i] = close;
    bars.vwap[i] = low + (high - low) * rng.next();
    bars.volume[i] = 1 + Math.floor(rng.next() * 1000);
    bars.tradeCount[i] = 1 + Math.floor(rng.next() * 50);
    bars.bidMean[i] = close - spread / 2;
    bars.askMean[i] = close + spread / 2;
    bars.spreadMean[i] = spread;
    price = close;
  }
  return bars;
}
