/**
 * @module
 * Average true range with Wilder smoothing. The true range needs the previous close:
 * `tr[t] = max(high[t] − low[t], |high[t] − close[t−1]|, |low[t] − close[t−1]|)` for t ≥ 1
 * (bar 0 has none). `atr[w] = mean(tr[1..w])`, then `atr[t] = (atr[t−1]·(w − 1) + tr[t]) / w`.
 * Warm-up `w` (unshifted). A non-finite high, low or close restarts the seeding.
 */
import { z } from "zod";
import type { Bars } from "../../domain/bars.ts";
import type { IndicatorDefinition } from "./definition.ts";
import { integerParam } from "./params.ts";

const schema = z.strictObject({ window: integerParam(1) });

/** Parameters of {@link atr}. */
export type AtrParams = z.infer<typeof schema>;

/** `atr` {window}: Wilder's average true range, in price units. */
export const atr: IndicatorDefinition<AtrParams> = {
  name: "atr",
  description: "Average true range over `window` bars (Wilder smoothing, previous close)",
  params: schema,
  examples: [{ window: 1 }, { window: 3 }, { window: 14 }],
  compute(bars: Bars, p: AtrParams, into?: Float64Array): Float64Array {
    const { high, low, close } = bars;
    const n = bars.length;
    const w = p.window;
    const wm1 = w - 1;
    const inv = 1 / w;
    const out = into ?? new Float64Array(n);
    let t = 0;
    while (t < n) {
      // Seeding: the first finite bar after a gap (or bar 0) only sets the previous close.
      let prevClose = NaN;
      let count = 0;
      let value = 0;
      for (; t < n && count < w; t++) {
        const h = high[t];
        const l = low[t];
        const c = close[t];
        if (h - h !== 0 || l - l !== 0 || c - c !== 0 || prevClose !== prevClose) {
          prevClose = h - h === 0 && l - l === 0 && c - c === 0 ? c : NaN;
          count = 0;
          value = 0;
          out[t] = NaN;
          continue;
        }
        value += trueRange(h, l, prevClose);
        prevClose = c;
        count++;
        out[t] = count < w ? NaN : value / w;
      }
      value /= w;
      for (; t < n; t++) {
        const h = high[t];
        const l = low[t];
        const c = close[t];
        if (h - h !== 0 || l - l !== 0 || c - c !== 0) break;
        value = (value * wm1 + trueRange(h, l, prevClose)) * inv;
        prevClose = c;
        out[t] = value;
      }
    }
    return out;
  },
  warmup: (p) => p.window,
};

function trueRange(h: number, l: number, prevClose: number): number {
  const up = Math.abs(h - prevClose);
  const down = Math.abs(l - prevClose);
  const range = h - l;
  return range >= up ? (range >= down ? range : down) : up >= down ? up : down;
}
