/**
 * @module
 * Rolling mean of the last `w` simple returns `close[t] / close[t−1] − 1`.
 * Warm-up `w` (unshifted).
 */
import { z } from "zod";
import type { Bars } from "../../domain/bars.ts";
import type { IndicatorDefinition } from "./definition.ts";
import { integerParam } from "./params.ts";
import { rollingMeanInto, simpleReturns } from "./_rolling.ts";

const schema = z.strictObject({ window: integerParam(1) });

/** Parameters of {@link returnsMean}. */
export type ReturnsMeanParams = z.infer<typeof schema>;

/** `returns_mean` {window}: rolling mean of simple close-to-close returns. */
export const returnsMean: IndicatorDefinition<ReturnsMeanParams> = {
  name: "returns_mean",
  description: "Mean of the last `window` simple close-to-close returns",
  params: schema,
  examples: [{ window: 1 }, { window: 4 }, { window: 25 }],
  compute(bars: Bars, p: ReturnsMeanParams, into?: Float64Array): Float64Array {
    const out = into ?? new Float64Array(bars.length);
    rollingMeanInto(simpleReturns(bars.close), p.window, out);
    return out;
  },
  warmup: (p) => p.window,
};
