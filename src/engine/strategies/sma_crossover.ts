/**
 * @module
 * SMA crossover: long while the fast simple moving average of the close is above the slow
 * one. With the shifted features `f = sma(fast)` and `l = sma(slow)` of the close:
 * `signal[t] = +1` if `f[t] > l[t]`; `−1` if `f[t] < l[t]` and `allow_short`; else 0 (ties,
 * shorts not allowed, and warm-up NaNs all mean flat).
 */
import { z } from "zod";
import type { FeatureCache, Signal } from "../types.ts";
import { integerParam } from "../indicators/params.ts";
import type { FeatureRequest, StrategyDefinition } from "./definition.ts";

const schema = z.strictObject({
  fast: integerParam(1).default(20),
  slow: integerParam(2).default(50),
  allow_short: z.boolean({ error: "must be true or false" }).default(false),
}).refine((p) => p.fast < p.slow, {
  error: (iss) => {
    const p = iss.input as { fast: number; slow: number };
    return `fast (${p.fast}) must be less than slow (${p.slow})`;
  },
});

/** Parameters of {@link smaCrossover}. */
export type SmaCrossoverParams = z.infer<typeof schema>;

/** `sma_crossover` {fast = 20, slow = 50, allow_short = false}. */
export const smaCrossover: StrategyDefinition<SmaCrossoverParams> = {
  id: "sma_crossover",
  description: "Long while SMA(fast) of the close is above SMA(slow); short below it if allowed",
  params: schema,
  examples: [{ fast: 5, slow: 15 }, { fast: 3, slow: 8, allow_short: true }, { fast: 1, slow: 2 }],
  features: smaFeatures,
  signals: crossoverSignals,
};

function smaFeatures(p: SmaCrossoverParams): FeatureRequest[] {
  return [{ name: "sma", params: { window: p.fast } }, { name: "sma", params: { window: p.slow } }];
}

function crossoverSignals(cache: FeatureCache, p: SmaCrossoverParams): Signal {
  const fast = cache.get("sma", { window: p.fast });
  const slow = cache.get("sma", { window: p.slow });
  const n = fast.length;
  const below = p.allow_short ? -1 : 0;
  const out = new Int8Array(n);
  for (let t = 0; t < n; t++) {
    const f = fast[t];
    const s = slow[t];
    // NaN compares false both ways, so warm-up bars stay 0.
    out[t] = f > s ? 1 : f < s ? below : 0;
  }
  return out;
}
