/**
 * @module
 * Simple moving average of a price column: `sma[t] = (x[t−w+1] + … + x[t]) / w`.
 * Warm-up `w − 1` (unshifted); a running sum, O(n) whatever the window.
 */
import { z } from "zod";
import type { Bars } from "../../market/bars.ts";
import { type IndicatorDefinition, PRICE_FIELDS, priceColumn } from "./definition.ts";
import { integerParam } from "./params.ts";
import { rollingMeanInto } from "./_rolling.ts";

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
  compute(bars: Bars, p: SmaParams): Float64Array {
    const out = new Float64Array(bars.length);
    rollingMeanInto(priceColumn(bars, p.field), p.window, out);
    return out;
  },
  warmup: (p) => p.window - 1,
};
