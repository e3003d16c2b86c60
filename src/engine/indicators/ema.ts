/**
 * @module
 * Exponential moving average of a price column with `α = 2 / (w + 1)`, seeded with the simple
 * average of the first `w` values: `ema[w−1] = mean(x[0..w−1])`, then
 * `ema[t] = ema[t−1] + α·(x[t] − ema[t−1])`. Warm-up `w − 1` (unshifted). A non-finite input
 * restarts the seeding.
 */
import { z } from "zod";
import type { Bars } from "../../domain/bars.ts";
import { type IndicatorDefinition, PRICE_FIELDS, priceColumn } from "./definition.ts";
import { integerParam } from "./params.ts";

const schema = z.strictObject({
  window: integerParam(1),
  field: z.enum(PRICE_FIELDS).default("close"),
});

/** Parameters of {@link ema}. */
export type EmaParams = z.infer<typeof schema>;

/** `ema` {window, field = close}: exponential moving average, SMA-seeded. */
export const ema: IndicatorDefinition<EmaParams> = {
  name: "ema",
  description:
    "Exponential moving average (alpha = 2/(window+1)), seeded with the SMA of the first window",
  params: schema,
  examples: [{ window: 1 }, { window: 3 }, { window: 12, field: "open" }],
  compute(bars: Bars, p: EmaParams, into?: Float64Array): Float64Array {
    const x = priceColumn(bars, p.field);
    const n = x.length;
    const w = p.window;
    const alpha = 2 / (w + 1);
    const out = into ?? new Float64Array(n);
    let t = 0;
    while (t < n) {
      // Seeding (restarted by a gap), then the recursion until the next gap.
      let sum = 0;
      let count = 0;
      for (; t < n && count < w; t++) {
        const v = x[t];
        if (v - v !== 0) {
          sum = 0;
          count = 0;
          out[t] = NaN;
          continue;
        }
        sum += v;
        count++;
        out[t] = count < w ? NaN : sum / w;
      }
      let value = sum / w;
      for (; t < n; t++) {
        const v = x[t];
        if (v - v !== 0) break;
        value += alpha * (v - value);
        out[t] = value;
      }
    }
    return out;
  },
  warmup: (p) => p.window - 1,
};
