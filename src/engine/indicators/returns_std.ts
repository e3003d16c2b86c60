/**
 * @module
 * Rolling sample standard deviation (n − 1 denominator) of the last `w` simple returns
 * `close[t] / close[t−1] − 1`. Warm-up `w` (unshifted), `w ≥ 2`.
 */
import { z } from "zod";
import type { Bars } from "../../domain/bars.ts";
import type { IndicatorDefinition } from "./definition.ts";
import { integerParam } from "./params.ts";
import { rollingStdInto, simpleReturns } from "./_rolling.ts";

const schema = z.strictObject({ window: integerParam(2) });

/** Parameters of {@link returnsStd}. */
export type ReturnsStdParams = z.infer<typeof schema>;

/** `returns_std` {window ≥ 2}: rolling sample std of simple close-to-close returns. */
export const returnsStd: IndicatorDefinition<ReturnsStdParams> = {
  name: "returns_std",
  description: "Sample std of the last `window` simple close-to-close returns",
  params: schema,
  examples: [{ window: 2 }, { window: 4 }, { window: 25 }],
  compute(bars: Bars, p: ReturnsStdParams, into?: Float64Array): Float64Array {
    const out = into ?? new Float64Array(bars.length);
    rollingStdInto(simpleReturns(bars.close), p.window, out);
    return out;
  },
  warmup: (p) => p.window,
};
