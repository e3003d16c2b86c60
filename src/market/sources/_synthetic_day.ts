/**
 * @module
 * One synthetic trading day: second-by-second prices with clustered volatility, a U-shaped
 * Poisson trade flow and the book each trade meets (see `_synthetic_model.ts` for the whole
 * model). Pure: the output depends only on the arguments.
 */

import type { Session } from "../calendar/mod.ts";
import type { SyntheticDay, SyntheticParams } from "./_synthetic_model.ts";
import { DayBuilder, splitU64 } from "./_day_columns.ts";
import { hashInts, Rng } from "./_prng.ts";

/** Daily open/close anchors (log deviations from `startPrice`) and activity multipliers. */
export interface DayAnchor {
  open: number;
  close: number;
  /** Daily volatility relative to its long-run level. */
  volMult: number;
  /** Multiplier of the day's expected trade count. */
  volumeMult: number;
}

/** Daily volatility of the long-run level (≈25% a year). */
export const DAILY_VOL = 0.016;

const TICK = 0.01;
const FULL_SESSION_S = 23_400;
const SIDE_ASK = 65;
const SIDE_BID = 66;
const INTRADAY_VOL_SHARE = 0.9;
const SEC_ALPHA = 0.03;
const SEC_BETA = 0.968;
const INSIDE_PROB = 0.06;
// A slow per-minute log-volatility AR(1) on top of the per-second GARCH: the GARCH alone
// clusters over minutes, real markets also over tens of minutes.
const REGIME_SD = 0.35;
const REGIME_PHI = 0.98;
const REGIME_INNOVATION = REGIME_SD * Math.sqrt(1 - REGIME_PHI * REGIME_PHI);

const shapes = new Map<number, Float64Array>();

/** U-shaped activity per second of a session of `secs` seconds, normalised to mean 1. */
function activityShape(secs: number): Float64Array {
  let shape = shapes.get(secs);
  if (!shape) {
    shape = new Float64Array(secs);
    let sum = 0;
    for (let s = 0; s < secs; s++) {
      const u = (s + 0.5) / secs;
      sum += shape[s] = 0.55 + 2.2 * Math.exp(-u / 0.035) + 1.3 * Math.exp(-(1 - u) / 0.05);
    }
    for (let s = 0; s < secs; s++) shape[s] /= sum / secs;
    shapes.set(secs, shape);
  }
  return shape;
}

/**
 * Generates one regular session.
 * @param p model inputs
 * @param instrumentId id written in every record
 * @param key the (seed, symbol) stream key
 * @param session the calendar session
 * @param anchor the day's open/close anchors
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

  // Pass 1: seasonal GARCH returns and trade intensity per second.
  const ret = new Float64Array(secs);
  const sd = new Float64Array(secs);
  const hRel = new Float64Array(secs);
  const lam = new Float64Array(secs);
  const shape = activityShape(secs);
  lam.set(shape);
  const sig2 = (DAILY_VOL * INTRADAY_VOL_SHARE * anchor.volMult) ** 2 / FULL_SESSION_S;
  const omega = sig2 * (1 - SEC_ALPHA - SEC_BETA);
  let h = sig2 * Math.exp(0.5 * rng.normal());
  let regime = REGIME_SD * rng.normal();
  let path = 0;
  let lamSum = 0;
  for (let s = 0; s < secs; s++) {
    if (s % 60 === 59) regime = REGIME_PHI * regime + REGIME_INNOVATION * rng.normal();
    const z = rng.normal();
    const hr = h * Math.exp(2 * regime - 2 * REGIME_SD * REGIME_SD);
    const v = Math.sqrt(hr * lam[s]);
    ret[s] = v * z;
    sd[s] = v;
    path += v * z;
    hRel[s] = hr / sig2;
    lam[s] *= Math.pow(hRel[s], 0.3); // trading picks up with volatility
    lamSum += lam[s];
    h = omega + SEC_ALPHA * h * z * z + SEC_BETA * h;
  }
  const drift = (path - (anchor.close - anchor.open)) / secs;
  for (let s = 0; s < secs; s++) ret[s] -= drift;

  // Pass 2: quotes and trades, second by second.
  const expected = p.tradesPerDay * anchor.volumeMult * secs / FULL_SESSION_S;
  const scale = expected / lamSum;
  const out = new DayBuilder(Math.ceil(expected * 1.25) + 64);
  const [baseHi, baseLo] = splitU64(BigInt(session.openMs) * 1_000_000n);
  const tEnd = secs - 0.001;
  let logMid = Math.log(p.startPrice) + anchor.open;
  let next = rng.exp();
  let cum = 0;
  let seq = 1_000_000 + Math.floor(rng.uniform() * 1_000_000);
  let prevRecv = -1;
  for (let s = 0; s < secs; s++) {
    const ls = lam[s] * scale;
    if (next < cum + ls) {
      const midTicks = Math.exp(logMid) / TICK;
      const widen = (1 + 2 * Math.exp(-s / (0.015 * secs))) * Math.pow(hRel[s], 0.25);
      const base = 1 + 0.8 * midTicks * TICK / 100;
      let spread = Math.max(
        1,
        Math.min(50, Math.round(base * widen * Math.exp(0.3 * rng.normal()))),
      );
      let bid = Math.max(1, Math.floor(midTicks - spread / 2 + 0.5));
      let ask = bid + spread;
      let bidSz = bookSize(rng), askSz = bookSize(rng);
      let bidCt = orderCount(rng, bidSz), askCt = orderCount(rng, askSz);
      const pBuy = 0.5 + 0.35 * Math.tanh(ret[s] / sd[s]);
      while (next < cum + ls) {
        const t = s + (next - cum) / ls;
        next += rng.exp();
        if (t >= tEnd) continue;
        const i = out.push();
        out.setBook(i, bid, ask, bidSz, askSz, bidCt, askCt);
        const buy = rng.uniform() < pBuy;
        let size = tradeSize(rng);
        let px: number;
        if (spread >= 2 && rng.uniform() < INSIDE_PROB) {
          px = bid + 1 + Math.floor(rng.uniform() * (spread - 1));
        } else if (buy) {
          px = ask;
          size = Math.min(size, askSz);
          askSz -= size;
          if (askSz === 0) {
            ask++;
            spread++;
            askSz = bookSize(rng);
            askCt = orderCount(rng, askSz);
          } else {
            askCt = Math.min(askCt, orderCount(rng, askSz));
          }
        } else {
          px = bid;
          size = Math.min(size, bidSz);
          bidSz -= size;
          if (bidSz === 0) {
            if (bid > 1) {
              bid--;
              spread++;
            }
            bidSz = bookSize(rng);
            bidCt = orderCount(rng, bidSz);
          } else {
            bidCt = Math.min(bidCt, orderCount(rng, bidSz));
          }
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
          i,
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
    }
    cum += ls;
    logMid += ret[s];
  }
  return { date: session.date, ...out.finish(instrumentId) };
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
