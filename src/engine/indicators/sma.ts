/**
 * @module
 * Simple moving average of a price column: `sma[t] = (x[t−w+1] + … + x[t]) / w`.
 * Warm-up `w − 1` (unshifted); a running sum, O(n) whatever the window.
 */
import { z } from "zod";
import type { Bars } from "../../domain/bars.ts";
import { type IndicatorDefinition, PRICE_FIELDS, priceColumn } from "./definition.ts";
import { integerParam } from "./params.ts";
import { rollingMeanInto, rollingMeanPairInto } from "./_rolling.ts";

const schema = z.strictObject({
  window: integerParam(1),
  field: z.enum(PRICE_FIELDS).default("close"),
});

/** Parameters of {@link sma}. */
export type SmaParams = z.infer<typeof schema>;

/** `sma` {window, field = close}: rolling mean of a price column. */
export const sma: IndicatorDefinition<SmaParams> = {
  name: "sma",
  description: "Simple moving average of a price column over `window` bars",
  params: schema,
  examples: [{ window: 1 }, { window: 5 }, { window: 20, field: "vwap" }],
  compute(bars: Bars, p: SmaParams, into?: Float64Array): Float64Array {
    const out = into ?? new Float64Array(bars.length);
    rollingMeanInto(priceColumn(bars, p.field), p.window, out);
    return out;
  },
  computeMany(bars: Bars, ps: readonly SmaParams[], outs: readonly Float64Array[]): void {
    // Means of the same column go through the two-at-a-time kernel in pairs.
    const done = new Array<boolean>(ps.length).fill(false);
    for (let i = 0; i < ps.length; i++) {
      if (done[i]) continue;
      done[i] = true;
      const x = priceColumn(bars, ps[i].field);
      const j = ps.findIndex((q, k) => !done[k] && q.field === ps[i].field);
      if (j < 0) {
        rollingMeanInto(x, ps[i].window, outs[i]);
      } else {
        done[j] = true;
        rollingMeanPairInto(x, ps[i].window, outs[i], ps[j].window, outs[j]);
      }
    }
  },
  warmup: (p) => p.window - 1,
};
