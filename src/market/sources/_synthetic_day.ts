/**
 * @module
 * One synthetic trading day (see `docs/synthetic.md`): the minute profile of
 * `_synthetic_minutes.ts`, Poisson trade times under it, the log mid price sampled at every
 * trade as a Gaussian bridge from the day's open to its close anchor, and the book each trade
 * meets. Pure: the output depends only on the arguments.
 *
 * The bridge is exact: given the variance profile (drawn first, independent of every sign),
 * a path W with independent N(0, ΔC) increments, pulled to the anchor's move X by
 * B(t) = W(t) + (X − W(T))·C(t)/C(T), has the same law as W itself when X ~ N(0, C(T)) is
 * independent of W. So the mid seen trade by trade is a martingale, not a trend pinned to a
 * close.
 */

import type { Session } from "../calendar/mod.ts";
import type { SyntheticDay, SyntheticParams } from "./_synthetic_types.ts";
import { DayBuilder, splitU64 } from "./_day_columns.ts";
import { hashInts, Rng } from "./_prng.ts";
import { minuteProfile } from "./_synthetic_minutes.ts";

/** The daily walk's inputs to one session (log prices relative to `startPrice`). */
export interface DayAnchor {
  /** Log price at the open, after the overnight gap. */
  open: number;
  /** The session's zero-mean log move, before the −variance/2 compensator. */
  move: number;
  /** The session's log-price variance. */
  variance: number;
  /** Daily volatility relative to its long-run level. */
  volMult: number;
  /** Multiplier of the day's expected trade count. */
  volumeMult: number;
}

const TICK = 0.01;
const FULL_SESSION_S = 23_400;
const SIDE_ASK = 65;
const SIDE_BID = 66;
const INSIDE_PROB = 0.06;

// Path scratch, reused from day to day (grown on demand).
let times = new Float64Array(0);
let cumVar = new Float64Array(0);
let path = new Float64Array(0);

/**
 * Generates one regular session.
 * @param p model inputs
 * @param instrumentId id written in every record
 * @param key the (seed, symbol) stream key
 * @param session the calendar session
 * @param anchor the day's open, move and variance
 */
export function generateDay(
  p: SyntheticParams,
  instrumentId: number,
  key: number,
  session: Session,
  anchor: DayAnchor,
): SyntheticDay {
  const rng = new Rng(hashInts(key, +session.date.replaceAll("-", "")));
  const secs = Math.round((session.closeMs - session.openMs) / 1000);
  const minutes = Math.round(secs / 60);
  const prof = minuteProfile(rng, minutes, anchor.variance);

  // Pass 1: trade times, the cumulative variance C(t) at each, and a free path W(t).
  const expected = p.tradesPerDay * anchor.volumeMult * secs / FULL_SESSION_S;
  let lamSum = 0;
  for (let m = 0; m < minutes; m++) lamSum += prof.intensity[m];
  const scale = expected / lamSum;
  ensureScratch(Math.ceil(expected * 1.25) + 64);
  const tEnd = secs - 0.001;
  let n = 0;
  let next = rng.exp();
  let cum = 0;
  let cMinute = 0;
  let cPrev = 0;
  let wPrev = 0;
  const mid = new Float64Array(minutes);
  const minuteVar = new Float64Array(minutes);
  for (let m = 0; m < minutes; m++) {
    const ls = prof.intensity[m] * scale;
    const vm = prof.variance[m];
    while (next < cum + ls) {
      const t = 60 * m + 60 * (next - cum) / ls;
      next += rng.exp();
      if (t >= tEnd) continue;
      if (n === times.length) ensureScratch(2 * n);
      const c = cMinute + vm * (t - 60 * m) / 60;
      wPrev += Math.sqrt(Math.max(0, c - cPrev)) * rng.normal();
      cPrev = c;
      times[n] = t;
      cumVar[n] = c;
      path[n] = wPrev;
      n++;
    }
    cum += ls;
    cMinute += vm;
    // The path at the minute's end (the last one is the session's close).
    wPrev += Math.sqrt(Math.max(0, cMinute - cPrev)) * rng.normal();
    cPrev = cMinute;
    minuteVar[m] = cMinute;
    mid[m] = wPrev;
  }
  const total = cMinute;
  const pull = total > 0 ? (anchor.move - wPrev) / total : 0;
  const logOpen = Math.log(p.startPrice) + anchor.open;
  // The bridge, then the −C/2 compensator that makes exp(log mid) itself a martingale.
  for (let i = 0; i < n; i++) path[i] = logOpen + path[i] + pull * cumVar[i] - cumVar[i] / 2;
  for (let m = 0; m < minutes; m++) {
    mid[m] = Math.exp(logOpen + mid[m] + pull * minuteVar[m] - minuteVar[m] / 2);
  }

  // Pass 2: the book each trade meets, and the trade.
  const out = new DayBuilder(n + 1);
  const [baseHi, baseLo] = splitU64(BigInt(session.openMs) * 1_000_000n);
  let seq = 1_000_000 + Math.floor(rng.uniform() * 1_000_000);
  let prevRecv = -1;
  let prevLog = logOpen;
  let prevC = 0;
  for (let i = 0; i < n; i++) {
    const t = times[i];
    const price = Math.exp(path[i]);
    const midTicks = price / TICK;
    const m = Math.min(minutes - 1, Math.floor(t / 60));
    // Higher-priced names quote more ticks wide (1.8 ticks at $100 at midday).
    const spread = Math.max(
      1,
      Math.min(50, Math.round(prof.spread[m] * (1 + 0.8 * price / 100) / 1.8)),
    );
    const bid = Math.max(1, Math.floor(midTicks - spread / 2 + 0.5));
    const ask = bid + spread;
    const bidSz = bookSize(rng), askSz = bookSize(rng);
    const row = out.push();
    out.setBook(row, bid, ask, bidSz, askSz, orderCount(rng, bidSz), orderCount(rng, askSz));
    // Aggressors lean with the move that just happened (the sign of the increment since the
    // previous trade, which is already in the mid): no information about the next move.
    const dc = cumVar[i] - prevC;
    const z = dc > 0 ? (path[i] - prevLog + dc / 2) / Math.sqrt(dc) : 0;
    prevLog = path[i];
    prevC = cumVar[i];
    const buy = rng.uniform() < 0.5 + 0.35 * Math.tanh(z);
    let size = tradeSize(rng);
    let px: number;
    if (spread >= 2 && rng.uniform() < INSIDE_PROB) {
      px = bid + 1 + Math.floor(rng.uniform() * (spread - 1));
    } else if (buy) {
      px = ask;
      size = Math.min(size, askSz);
    } else {
      px = bid;
      size = Math.min(size, bidSz);
    }
    const evOff = Math.floor(t * 1e9);
    const inDelta = 2_000 + Math.floor(rng.uniform() * 18_000);
    const recvOff = Math.max(
      prevRecv + 1,
      evOff + inDelta + 500 + Math.floor(rng.uniform() * 3_000),
    );
    prevRecv = recvOff;
    seq += 1 + Math.floor(rng.exp() * 30);
    out.setTrade(
      row,
      baseHi,
      baseLo,
      evOff,
      recvOff,
      inDelta,
      px,
      size,
      buy ? SIDE_BID : SIDE_ASK,
      seq,
    );
  }
  return { date: session.date, ...out.finish(instrumentId), mid };
}

function ensureScratch(cap: number): void {
  if (times.length >= cap) return;
  const grow = (a: Float64Array) => {
    const b = new Float64Array(cap);
    b.set(a);
    return b;
  };
  times = grow(times);
  cumVar = grow(cumVar);
  path = grow(path);
}

function bookSize(rng: Rng): number {
  const lots = 100 * (1 + Math.floor(rng.exp() * 4));
  return rng.uniform() < 0.3 ? lots + 1 + Math.floor(rng.uniform() * 99) : lots;
}

function orderCount(rng: Rng, size: number): number {
  return Math.max(1, Math.round(size / (80 + 160 * rng.uniform())));
}

function tradeSize(rng: Rng): number {
  const u = rng.uniform();
  if (u < 0.45) return 1 + Math.floor(rng.uniform() ** 2 * 99);
  if (u < 0.9) return 100 * (1 + Math.floor(rng.exp() * 0.7));
  return Math.max(1, Math.round(Math.exp(Math.log(400) + 0.9 * rng.normal())));
}
