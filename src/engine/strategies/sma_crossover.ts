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

function crossoverSignals(cache: FeatureCache, p: SmaCrossoverParams, into?: Signal): Signal {
  const fast = cache.get("sma", { window: p.fast });
  const slow = cache.get("sma", { window: p.slow });
  const out = into ?? new Int8Array(fast.length);
  crossoverInto(fast, slow, p.allow_short ? -1 : 0, out);
  return out;
}

/**
 * `out[t] = +1` if `fast[t] > slow[t]`, `below` if `fast[t] < slow[t]`, else 0 (ties and
 * NaN). The sign holds for dozens of bars at a time, so each run is found by a tight scan
 * and then written in one go (measured faster than deciding bar by bar).
 */
function crossoverInto(
  fast: Float64Array,
  slow: Float64Array,
  below: number,
  out: Int8Array,
): void {
  const n = fast.length;
  let t = 0;
  while (t < n) {
    const from = t;
    // NaN compares false both ways, so warm-up bars stay 0.
    if (fast[t] > slow[t]) {
      for (t++; t < n && fast[t] > slow[t]; t++);
      fillRange(out, 1, from, t);
    } else if (fast[t] < slow[t]) {
      for (t++; t < n && fast[t] < slow[t]; t++);
      fillRange(out, below, from, t);
    } else {
      out[t++] = 0;
    }
  }
}

/** `a.fill(v, from, to)`, with a plain loop for short ranges, where the call costs more. */
function fillRange(a: Int8Array, v: number, from: number, to: number): void {
  if (to - from > 64) a.fill(v, from, to);
  else for (let i = from; i < to; i++) a[i] = v;
}
