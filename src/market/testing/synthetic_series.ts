/**
 * @module
 * Test support: a synthetic market as the series the statistics tests read, built in
 * memory (no files): the generated days through the real bar derivation, plus the quoted
 * mid at the end of every bar's minute, taken from the TBBO records.
 */

import type { Bars } from "../../domain/bars.ts";
import { sessionsBetween } from "../calendar/mod.ts";
import { BarAggregator } from "../derive_bars.ts";
import { syntheticDays } from "../sources/synthetic.ts";

/** One seed's market over a date range. */
export interface SyntheticSeries {
  /** Regular-session 1-minute bars, as `hewston data --synthetic` would derive them. */
  bars: Bars;
  /**
   * Quoted mid (bid + ask) / 2 of the last TBBO record in each bar's minute, carried
   * forward over minutes without records: the observable mid at the minute's end.
   */
  mid: Float64Array;
  /** The latent (model) mid at each session minute's end, all sessions in order. */
  latentMid: Float64Array;
  /** Minutes of each session in order (390, or 210 on early closes): `latentMid`'s layout. */
  sessionMinutes: Uint32Array;
  /** Index of the first bar of each session, in order. */
  sessionStart: Uint32Array;
}

/**
 * Generates and derives one seed's market.
 * @param seed generator seed
 * @param from first date `YYYY-MM-DD`
 * @param to last date `YYYY-MM-DD`
 * @param tradesPerDay mean trades per full session
 * @param symbol synthetic symbol
 */
export function syntheticSeries(
  seed: number,
  from: string,
  to: string,
  tradesPerDay = 2_000,
  symbol = "TEST",
): SyntheticSeries {
  const sessions = sessionsBetween(from, to);
  const agg = new BarAggregator({ from, to });
  const lastMid = new Map<number, number>();
  const latent: Float64Array[] = [];
  for (const day of syntheticDays({ symbol, seed, tradesPerDay, startPrice: 100 }, sessions)) {
    agg.addTrades(day.trades);
    agg.addQuotes(day.tbbo);
    latent.push(day.mid);
    const t = day.tbbo;
    for (let i = 0; i < t.length; i++) {
      const minute = Math.floor(Number(t.tsEvent[i] / 60_000_000_000n)) * 60_000;
      lastMid.set(minute, Number(t.bidPx[i] + t.askPx[i]) / 2e9);
    }
  }
  const bars = agg.finish();
  const mid = new Float64Array(bars.length);
  const starts: number[] = [];
  let session = 0;
  for (let i = 0; i < bars.length; i++) {
    mid[i] = lastMid.get(bars.ts[i]) ?? mid[i - 1];
    while (session < sessions.length && bars.ts[i] >= sessions[session].openMs) {
      if (bars.ts[i] < sessions[session].closeMs) starts.push(i);
      session++;
    }
  }
  const latentMid = new Float64Array(latent.reduce((n, m) => n + m.length, 0));
  let k = 0;
  for (const m of latent) {
    latentMid.set(m, k);
    k += m.length;
  }
  const sessionMinutes = Uint32Array.from(latent, (m) => m.length);
  return { bars, mid, latentMid, sessionMinutes, sessionStart: Uint32Array.from(starts) };
}

/**
 * Log returns between consecutive values, the first of each session being the overnight
 * return (from the previous session's last value).
 * @param x prices
 */
export function logReturns(x: ArrayLike<number>): Float64Array {
  const r = new Float64Array(x.length - 1);
  for (let i = 1; i < x.length; i++) r[i - 1] = Math.log(x[i] / x[i - 1]);
  return r;
}
