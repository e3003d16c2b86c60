/**
 * @module
 * Bar sets for validation tests and benchmarks: seeded random walks on real regular-session
 * minutes (so day-aware code sees real New York trading days), and a walk whose drift
 * switches sign in long regimes (a market with an edge for a trend follower).
 */
import type { Bars } from "../../domain/bars.ts";
import { sessionsBetween } from "../../market/calendar/sessions.ts";
import { randomBars } from "./bar_fixtures.ts";
import { Rng } from "../validation/rng.ts";

/**
 * Open times of every regular-session minute from `from` to `to` (local dates, inclusive).
 * @example 2024 has 252 sessions, three of them early closes: 97,740 minutes
 * ```ts
 * import assert from "node:assert/strict";
 * import { sessionMinutes } from "./session_bars.ts";
 *
 * assert.equal(sessionMinutes("2024-01-01", "2024-12-31").length, 97_740);
 * ```
 */
export function sessionMinutes(from: string, to: string): Float64Array {
  const out: number[] = [];
  for (const s of sessionsBetween(from, to)) {
    for (let t = s.openMs; t < s.closeMs; t += 60_000) out.push(t);
  }
  return Float64Array.from(out);
}

/**
 * `randomBars` (a seeded ~0.1 %-per-bar walk around 100) stamped with the regular-session
 * minutes from `from` to `to`.
 */
export function sessionRandomBars(from: string, to: string, seed: number): Bars {
  const ts = sessionMinutes(from, to);
  const bars = randomBars(ts.length, seed);
  bars.ts.set(ts);
  return bars;
}

/**
 * A walk of `n` bars whose per-bar drift is ±`drift` (log), switching sign every `regime`
 * bars, plus N(0, `noise`) log noise; open = previous close, a small high/low range, volume
 * 100, spread 0.01. A trend follower that knows nothing but past closes profits from it.
 */
export function regimeBars(
  n: number,
  seed: number,
  drift: number,
  noise: number,
  regime: number,
): Bars {
  const bars = randomBars(n, seed);
  const rng = new Rng(seed);
  let price = 100;
  for (let t = 0; t < n; t++) {
    const sign = Math.floor(t / regime) % 2 === 0 ? 1 : -1;
    const open = price;
    const close = open * Math.exp(sign * drift + noise * rng.nextNormal());
    bars.open[t] = open;
    bars.close[t] = close;
    bars.high[t] = Math.max(open, close) * 1.0002;
    bars.low[t] = Math.min(open, close) * 0.9998;
    bars.vwap[t] = (open + close) / 2;
    bars.volume[t] = 100;
    bars.spreadMean[t] = 0.01;
    price = close;
  }
  return bars;
}
