/**
 * @module
 * Relative strength index of the close with Wilder smoothing. With `d[t] = close[t] −
 * close[t−1]`, gains `g = max(d, 0)` and losses `l = max(−d, 0)`: the first averages are the
 * plain means of `g`, `l` over `d[1..w]`, then `avg[t] = (avg[t−1]·(w − 1) + x[t]) / w`.
 * `rsi = 100 · avgGain / (avgGain + avgLoss)` (= 100 − 100 / (1 + RS)); 50 when both averages
 * are 0 (a flat window). Warm-up `w` (unshifted). A non-finite close restarts the seeding.
 */
import { z } from "zod";
import type { Bars } from "../../domain/bars.ts";
import type { IndicatorDefinition } from "./definition.ts";
import { integerParam } from "./params.ts";

const schema = z.strictObject({ window: integerParam(1) });

/** Parameters of {@link rsi}. */
export type RsiParams = z.infer<typeof schema>;

/** `rsi` {window}: Wilder's RSI of the close, in [0, 100]. */
export const rsi: IndicatorDefinition<RsiParams> = {
  name: "rsi",
  description: "Relative strength index of the close over `window` changes (Wilder smoothing)",
  params: schema,
  examples: [{ window: 1 }, { window: 3 }, { window: 14 }],
  compute(bars: Bars, p: RsiParams, into?: Float64Array): Float64Array {
    const c = bars.close;
    const n = c.length;
    const w = p.window;
    const wm1 = w - 1;
    const inv = 1 / w;
    const out = into ?? new Float64Array(n);
    let t = 0;
    while (t < n) {
      // Seeding: the first finite close after a gap (or bar 0) only sets `prev`.
      let prev = NaN;
      let count = 0;
      let gain = 0;
      let loss = 0;
      for (; t < n && count < w; t++) {
        const v = c[t];
        if (v - v !== 0 || prev !== prev) {
          prev = v - v === 0 ? v : NaN;
          count = 0;
          gain = 0;
          loss = 0;
          out[t] = NaN;
          continue;
        }
        const d = v - prev;
        prev = v;
        if (d > 0) gain += d;
        else loss -= d;
        count++;
        out[t] = count < w ? NaN : rsiOf(gain / w, loss / w);
      }
      gain /= w;
      loss /= w;
      for (; t < n; t++) {
        const v = c[t];
        if (v - v !== 0) break;
        const d = v - prev;
        prev = v;
        gain = (gain * wm1 + (d > 0 ? d : 0)) * inv;
        loss = (loss * wm1 + (d < 0 ? -d : 0)) * inv;
        out[t] = rsiOf(gain, loss);
      }
    }
    return out;
  },
  warmup: (p) => p.window,
};

function rsiOf(gain: number, loss: number): number {
  const total = gain + loss;
  return total > 0 ? 100 * gain / total : 50;
}
