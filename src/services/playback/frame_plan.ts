/**
 * @module
 * The pure frame math of playback: where a position lands (an ISO time or a bar index,
 * snapped to the nearest bar), which bars are due at a given clock time (pacing by the
 * clock: a late timer makes a bigger frame, never a slower playback), when the next frame
 * tick is (drift-free, on a fixed grid from the play anchor), and a frame's JSON text from
 * the run's columns. No clock, no I/O: numbers in, numbers and text out.
 */
import type { PlaybackErrorCode } from "../../domain/playback.ts";
import type { RunReplayData } from "./run_replay_data.ts";

/** A resolved position, or why it was refused. */
export type Snap = { ok: true; index: number } | {
  ok: false;
  code: PlaybackErrorCode;
  msg: string;
};

const ISO =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO-8601 time into UTC ms (a time without a zone is UTC), or NaN.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(parseIsoMs("2024-01-02T14:30:00Z"), Date.UTC(2024, 0, 2, 14, 30));
 * assert.ok(Number.isNaN(parseIsoMs("yesterday")));
 * ```
 */
export function parseIsoMs(text: string): number {
  const t = text.trim();
  if (!ISO.test(t)) return NaN;
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(t) || t.length === 10 ? t : t + "Z";
  return Date.parse(zoned.replace(" ", "T"));
}

/** Index of the first element of ascending `ts` that is ≥ `ms` (`ts.length` when none). */
export function lowerBound(ts: ArrayLike<number>, ms: number): number {
  let lo = 0, hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Snaps a seek position to the nearest bar: a bar index (rounded) or an ISO time (the bar
 * whose open time is closest; ties go to the earlier bar). Outside the run → RANGE.
 * @param ts bar open times, UTC ms, ascending
 * @param pos an ISO-8601 time, a bar index, or a string holding a bar index
 */
export function snapPosition(ts: ArrayLike<number>, pos: string | number): Snap {
  const n = ts.length;
  if (n === 0) return { ok: false, code: "RANGE", msg: "the run has no bars" };
  if (typeof pos === "string" && /^-?\d+$/.test(pos.trim())) pos = Number(pos.trim());
  if (typeof pos === "number") {
    const i = Math.round(pos);
    if (!Number.isFinite(pos) || i < 0 || i > n - 1) {
      return { ok: false, code: "RANGE", msg: `bar index ${pos} is outside 0..${n - 1}` };
    }
    return { ok: true, index: i };
  }
  const ms = parseIsoMs(pos);
  if (Number.isNaN(ms)) {
    return {
      ok: false,
      code: "BAD_MESSAGE",
      msg: `pos must be an ISO-8601 time or a bar index, got ${JSON.stringify(pos.slice(0, 40))}`,
    };
  }
  const first = ts[0], last = ts[n - 1];
  // A minute bar covers [ts, ts + 60 s): a time inside the last bar is still in the run.
  if (ms < first || ms >= last + 60_000) {
    return {
      ok: false,
      code: "RANGE",
      msg: `${pos} is outside the run (${new Date(first).toISOString()} .. ${
        new Date(last).toISOString()
      })`,
    };
  }
  const i = lowerBound(ts, ms);
  if (i >= n) return { ok: true, index: n - 1 };
  if (i > 0 && ms - ts[i - 1] <= ts[i] - ms) return { ok: true, index: i - 1 };
  return { ok: true, index: i };
}

/** Where playback was (re)started: clock time `t0` (ms) with `c0` bars already delivered. */
export interface PlayAnchor {
  t0: number;
  c0: number;
  /** Bars per millisecond. */
  rate: number;
}

/**
 * Bars delivered by clock time `now` (an exclusive end index): every bar whose playback
 * time has come, capped at `n`. A late caller gets more bars, never fewer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const a = { t0: 1000, c0: 10, rate: 0.5 };
 * assert.equal(dueEnd(a, 1100, 1_000), 60);
 * assert.equal(dueEnd(a, 9_999_999, 1_000), 1_000);
 * ```
 */
export function dueEnd(a: PlayAnchor, now: number, n: number): number {
  const elapsed = Math.max(0, now - a.t0);
  // The epsilon keeps float error from holding back a bar that is exactly due.
  return Math.min(n, a.c0 + Math.floor(elapsed * a.rate + 1e-9));
}

/**
 * Clock time of the first frame tick after `now` on the grid `t0 + k × interval`: re-derived
 * from the anchor each time, so timer lateness never accumulates.
 */
export function nextTick(t0: number, now: number, interval: number): number {
  let k = Math.max(1, Math.floor((now - t0) / interval) + 1);
  // Float rounding can put k × interval back at `now`: a tick must lie strictly ahead.
  while (t0 + k * interval <= now) k++;
  return t0 + k * interval;
}

/**
 * Clock time at which bar index `end - 1` becomes due (so that `dueEnd` reaches `end`).
 * Used to end a playback on time rather than on the next grid tick.
 */
export function dueAt(a: PlayAnchor, end: number): number {
  return a.t0 + (end - a.c0) / a.rate;
}

/**
 * Splits `[i0, i1)` into ranges of at most `maxBars` bars (several frames in one tick at
 * very high speed keep each message bounded).
 */
export function splitRange(i0: number, i1: number, maxBars: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = i0; a < i1; a += maxBars) out.push([a, Math.min(i1, a + maxBars)]);
  return out;
}

/** Formats a float for a frame (non-finite → `null`, as JSON.stringify does). */
function num(v: number): string {
  return Number.isFinite(v) ? String(v) : "null";
}

/** What a frame carries besides its bars. */
export interface FrameMeta {
  seq: number;
  dropped: number;
  seek?: boolean;
}

/**
 * The JSON text of the frame of bars `[i0, i1)`: the bars, the fills at those bars, and
 * equity/drawdown/position at bar `i1 - 1`. Built as text straight from the columns (no row
 * objects); parses to the `frameMessage` schema.
 */
export function frameJson(d: RunReplayData, i0: number, i1: number, meta: FrameMeta): string {
  const last = i1 - 1;
  let ohlc = "";
  for (let i = i0; i < i1; i++) {
    if (i > i0) ohlc += ",";
    ohlc += `[${d.ts[i] / 1000},${num(d.open[i])},${num(d.high[i])},${num(d.low[i])},${
      num(d.close[i])
    },${num(d.volume[i])}]`;
  }
  let orders = "";
  const f = d.fills;
  for (let k = d.fillStart[i0]; k < d.fillStart[i1]; k++) {
    if (orders) orders += ",";
    const b = f.bar[k];
    orders += `{"bar":${b},"ts":"${new Date(d.ts[b]).toISOString()}","side":"${
      f.side[k] > 0 ? "buy" : "sell"
    }","qty":${num(f.qty[k])},"price":${num(f.price[k])},"fee":${num(f.fee[k])},"slippage":${
      num(f.slippage[k])
    }}`;
  }
  return `{"t":"frame","seq":${meta.seq},"ts":"${
    new Date(d.ts[last]).toISOString()
  }","i0":${i0},"i1":${i1},"ohlc":[${ohlc}],"orders":[${orders}],"equity":${
    num(d.equity[last])
  },"drawdown":${num(d.drawdown[last])},"position":${
    num(d.position[last])
  },"dropped":${meta.dropped}${meta.seek ? ',"seek":true' : ""}}`;
}
