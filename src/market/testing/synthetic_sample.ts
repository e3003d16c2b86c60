/**
 * @module
 * Test support: the pooled sample the synthetic-market statistics tests read — several
 * seeds of half a year each, as 1-minute log returns of the latent mid, the quoted mid and
 * the bar close (each seed's series kept apart: no return spans two seeds), plus session
 * boundaries and the intraday spread and volume shapes.
 */

import { logReturns, syntheticSeries } from "./synthetic_series.ts";

/** Seeds of the sample. */
export const SAMPLE_SEEDS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8];
const FROM = "2024-01-02";
const TO = "2024-06-28";
const FULL_SESSION = 390;

/** One seed's per-minute series (sessions of 390 minutes and early closes alike). */
interface SeedSeries {
  latentMid: Float64Array;
  sessionStart: Uint32Array;
  sessionLength: Uint32Array;
}

/** The pooled sample. */
export interface MarketSample {
  seeds: number;
  from: string;
  to: string;
  /** 1-minute log returns of the latent mid, overnight returns included. */
  latent: Float64Array;
  /** The same without the overnight returns (the first return of each session). */
  intraday: Float64Array;
  /** 1-minute log returns of the quoted mid (last TBBO record of the minute). */
  quoted: Float64Array;
  /** Close-to-close 1-minute bar log returns (trade prints: bid/ask bounce). */
  close: Float64Array;
  /** Mean spread in ticks over minutes 0–29, 120–269 and 360–389 of full sessions. */
  spread: [number, number, number];
  /** Mean volume per minute over the same three windows. */
  volume: [number, number, number];
  perSeed: SeedSeries[];
}

let cached: MarketSample | null = null;

/** Builds (once per process) and returns the pooled sample. */
export function marketSample(): MarketSample {
  if (cached) return cached;
  const latent: Float64Array[] = [], intraday: Float64Array[] = [];
  const quoted: Float64Array[] = [], close: Float64Array[] = [];
  const perSeed: SeedSeries[] = [];
  const spread = [0, 0, 0], volume = [0, 0, 0], count = [0, 0, 0];
  const windows = [[0, 30], [120, 270], [360, 390]];
  for (const seed of SAMPLE_SEEDS) {
    const s = syntheticSeries(seed, FROM, TO);
    latent.push(logReturns(s.latentMid));
    quoted.push(logReturns(s.mid));
    close.push(logReturns(s.bars.close));
    const lengths = s.sessionMinutes;
    const latentStarts = new Uint32Array(lengths.length);
    for (let d = 1; d < lengths.length; d++) latentStarts[d] = latentStarts[d - 1] + lengths[d - 1];
    perSeed.push({ latentMid: s.latentMid, sessionStart: latentStarts, sessionLength: lengths });
    const r = logReturns(s.latentMid);
    const firsts = new Set(Array.from(latentStarts, (a) => a - 1));
    intraday.push(r.filter((_, i) => !firsts.has(i)));
    const starts = s.sessionStart;
    for (let d = 0; d < starts.length; d++) {
      const end = d + 1 < starts.length ? starts[d + 1] : s.bars.length;
      if (end - starts[d] !== FULL_SESSION) continue;
      windows.forEach(([a, b], w) => {
        for (let k = a; k < b; k++) {
          spread[w] += s.bars.spreadMean[starts[d] + k] / 0.01;
          volume[w] += s.bars.volume[starts[d] + k];
          count[w]++;
        }
      });
    }
  }
  const avg = (x: number[]) => x.map((v, i) => v / count[i]) as [number, number, number];
  cached = {
    seeds: SAMPLE_SEEDS.length,
    from: FROM,
    to: TO,
    latent: concat(latent),
    intraday: concat(intraday),
    quoted: concat(quoted),
    close: concat(close),
    spread: avg(spread),
    volume: avg(volume),
    perSeed,
  };
  return cached;
}

/** Session-level log returns of the latent mid, over full (390-minute) sessions. */
export interface SessionStats {
  /** Open (end of the first minute) to the end of minute 195. */
  firstHalf: Float64Array;
  /** End of minute 195 to the close. */
  secondHalf: Float64Array;
  /** Open to close, for sessions followed by another in the sample. */
  session: Float64Array;
  /** The following overnight return: close to the next session's first minute end. */
  nextOvernight: Float64Array;
  /** Close-to-close returns, every session. */
  daily: Float64Array;
}

/**
 * Splits the sample's sessions into halves, overnight gaps and daily returns.
 * @param s the sample
 */
export function sessionStats(s: MarketSample): SessionStats {
  const first: number[] = [], second: number[] = [], session: number[] = [];
  const overnight: number[] = [], daily: number[] = [];
  for (const { latentMid: x, sessionStart: starts, sessionLength: lengths } of s.perSeed) {
    for (let d = 0; d < starts.length; d++) {
      const a = starts[d], e = a + lengths[d] - 1;
      if (lengths[d] === FULL_SESSION) {
        first.push(Math.log(x[a + 194] / x[a]));
        second.push(Math.log(x[e] / x[a + 194]));
      }
      if (d + 1 < starts.length) {
        session.push(Math.log(x[e] / x[a]));
        overnight.push(Math.log(x[starts[d + 1]] / x[e]));
      }
      if (d > 0) daily.push(Math.log(x[e] / x[a - 1]));
    }
  }
  return {
    firstHalf: Float64Array.from(first),
    secondHalf: Float64Array.from(second),
    session: Float64Array.from(session),
    nextOvernight: Float64Array.from(overnight),
    daily: Float64Array.from(daily),
  };
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}
