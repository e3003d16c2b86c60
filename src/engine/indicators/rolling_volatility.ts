/**
 * @module
 * Rolling volatility: the sample standard deviation (n − 1 denominator) of the last `w` log
 * returns `ln(close[t] / close[t−1])`, per bar — NOT annualised (multiply by
 * √(bars per year) for that, as volatility targeting does). Warm-up `w` (unshifted), `w ≥ 2`.
 */
import { z } from "zod";
import type { Bars } from "../../domain/bars.ts";
import type { IndicatorDefinition } from "./definition.ts";
import { integerParam } from "./params.ts";
import { logReturns, rollingStdInto } from "./_rolling.ts";

const schema = z.strictObject({ window: integerParam(2) });

/** Parameters of {@link rollingVolatility}. */
export type RollingVolatilityParams = z.infer<typeof schema>;

/** `rolling_volatility` {window ≥ 2}: per-bar std of log returns. */
export const rollingVolatility: IndicatorDefinition<RollingVolatilityParams> = {
  name: "rolling_volatility",
  description: "Sample std of the last `window` log returns of the close (per bar, not annualised)",
  params: schema,
  examples: [{ window: 2 }, { window: 5 }, { window: 30 }],
  compute(bars: Bars, p: RollingVolatilityParams, into?: Float64Array): Float64Array {
    const out = into ?? new Float64Array(bars.length);
    rollingStdInto(logReturns(bars.close), p.window, out);
    return out;
  },
  warmup: (p) => p.window,
};
