/**
 * @module
 * A run's bars, curve and fills over an inclusive bar range as columnar JSON (the
 * `seriesResponse` wire shape) or as the binary columns of `domain/series_binary.ts` (the
 * same numbers, read in place by a browser): what the run detail loads at once and what a
 * client fetches to rebuild the exact state up to a seek position. `from`/`to` are bar indexes or ISO times
 * (a time range keeps the bars whose open time falls inside it).
 */
import { gzipSync } from "node:zlib";
import { HewstonError } from "../../domain/errors.ts";
import { encodeSeriesBinary, type SeriesColumnArray } from "../../domain/series_binary.ts";
import { lowerBound, parseIsoMs } from "./frame_plan.ts";
import type { RunReplayData } from "./run_replay_data.ts";

/**
 * The inclusive bar range `[from, to]` a request names; `to < from` when it holds no bar.
 * @param from bar index or ISO time; default the first bar
 * @param to bar index or ISO time; default the last bar
 * @throws {HewstonError} RANGE (400) for an index outside the run or text that is neither
 */
export function seriesRange(
  ts: ArrayLike<number>,
  from: string | undefined,
  to: string | undefined,
): [number, number] {
  const n = ts.length;
  const end = (text: string | undefined, name: string, isFrom: boolean): number => {
    if (text === undefined || text === "") return isFrom ? 0 : n - 1;
    const t = text.trim();
    if (/^\d{1,10}$/.test(t)) {
      const i = Number(t);
      if (i > n - 1) {
        throw new HewstonError("RANGE", `${name}=${i} is outside the run's bars 0..${n - 1}`, {
          status: 400,
        });
      }
      return i;
    }
    const ms = parseIsoMs(t);
    if (Number.isNaN(ms)) {
      throw new HewstonError(
        "RANGE",
        `${name} must be a bar index or an ISO-8601 time, got ${JSON.stringify(t.slice(0, 40))}`,
        { status: 400 },
      );
    }
    // from: first bar at or after the time; to: last bar at or before it.
    return isFrom ? lowerBound(ts, ms) : lowerBound(ts, ms + 1) - 1;
  };
  return [end(from, "from", true), end(to, "to", false)];
}

/** A column slice as a JSON array (NaN → null), by V8's native number printing. */
function list(a: ArrayLike<number>, i0: number, i1: number, scale = 1): string {
  const out = new Array<number>(Math.max(0, i1 - i0));
  for (let i = i0; i < i1; i++) out[i - i0] = a[i] / scale;
  return JSON.stringify(out);
}

/**
 * The series JSON text of bars `[from, to]` (inclusive), built column by column from the
 * typed arrays. Parses to `seriesResponse`.
 */
export function seriesJson(d: RunReplayData, from: number, to: number): string {
  const i0 = Math.max(0, from);
  const i1 = Math.max(i0, Math.min(d.length, to + 1));
  const f = d.fills;
  const k0 = d.fillStart[i0], k1 = d.fillStart[i1];
  const fts = new Float64Array(k1 - k0);
  let side = "[";
  for (let k = k0; k < k1; k++) {
    fts[k - k0] = d.ts[f.bar[k]];
    side += (k > k0 ? "," : "") + (f.side[k] > 0 ? '"buy"' : '"sell"');
  }
  side += "]";
  return `{"run_id":${JSON.stringify(d.runId)},"symbol":${JSON.stringify(d.symbol)},` +
    `"from_index":${from},"to_index":${to},"total_bars":${d.length},` +
    `"bars_per_year":${d.barsPerYear},` +
    `"bars":{"ts":${list(d.ts, i0, i1, 1000)},"open":${list(d.open, i0, i1)},` +
    `"high":${list(d.high, i0, i1)},"low":${list(d.low, i0, i1)},` +
    `"close":${list(d.close, i0, i1)},"volume":${list(d.volume, i0, i1)}},` +
    `"curve":{"equity":${list(d.equity, i0, i1)},"drawdown":${list(d.drawdown, i0, i1)},` +
    `"position":${list(d.position, i0, i1)}},` +
    `"fills":{"bar":${list(f.bar, k0, k1)},"ts":${list(fts, 0, k1 - k0, 1000)},` +
    `"side":${side},"qty":${list(f.qty, k0, k1)},"price":${list(f.price, k0, k1)},` +
    `"fee":${list(f.fee, k0, k1)},"slippage":${list(f.slippage, k0, k1)}}}`;
}

/** Bars `[from, to]` (inclusive) as the binary series: column slices copied, times in seconds. */
export function seriesBinary(
  d: RunReplayData,
  from: number,
  to: number,
): Uint8Array<ArrayBuffer> {
  const i0 = Math.max(0, from);
  const i1 = Math.max(i0, Math.min(d.length, to + 1));
  const f = d.fills;
  const k0 = d.fillStart[i0], k1 = d.fillStart[i1];
  const seconds = (ms: ArrayLike<number>, a: number, b: number) => {
    const out = new Float64Array(b - a);
    for (let i = a; i < b; i++) out[i - a] = ms[i] / 1000;
    return out;
  };
  const fts = new Float64Array(k1 - k0);
  for (let k = k0; k < k1; k++) fts[k - k0] = d.ts[f.bar[k]] / 1000;
  const cols: Record<string, SeriesColumnArray> = {
    "bars.ts": seconds(d.ts, i0, i1),
    "bars.open": d.open.subarray(i0, i1),
    "bars.high": d.high.subarray(i0, i1),
    "bars.low": d.low.subarray(i0, i1),
    "bars.close": d.close.subarray(i0, i1),
    "bars.volume": d.volume.subarray(i0, i1),
    "curve.equity": d.equity.subarray(i0, i1),
    "curve.drawdown": d.drawdown.subarray(i0, i1),
    "curve.position": d.position.subarray(i0, i1),
    "fills.ts": fts,
    "fills.qty": f.qty.subarray(k0, k1),
    "fills.price": f.price.subarray(k0, k1),
    "fills.fee": f.fee.subarray(k0, k1),
    "fills.slippage": f.slippage.subarray(k0, k1),
    "fills.bar": f.bar.subarray(k0, k1),
    "fills.side": f.side.subarray(k0, k1),
  };
  return encodeSeriesBinary({
    run_id: d.runId,
    symbol: d.symbol,
    from_index: from,
    to_index: to,
    total_bars: d.length,
    bars_per_year: d.barsPerYear,
  }, cols);
}

/** Forms of the series body. */
export type SeriesFormat = "json" | "binary";

/** Content encodings the series answers with. */
export type SeriesEncoding = "gzip" | "identity";

/**
 * The series body of bars `[from, to]` in a form and encoding. gzip at level 1: the numbers
 * shrink 2.5–3× already, for a fraction of the CPU of higher levels.
 */
export function encodeSeriesBody(
  d: RunReplayData,
  from: number,
  to: number,
  format: SeriesFormat,
  encoding: SeriesEncoding,
): Uint8Array<ArrayBuffer> {
  const raw = format === "binary"
    ? seriesBinary(d, from, to)
    : new TextEncoder().encode(seriesJson(d, from, to));
  return encoding === "gzip" ? new Uint8Array(gzipSync(raw, { level: 1 })) : raw;
}
