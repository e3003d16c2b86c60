/**
 * @module
 * A buffer-reusing twin of the engine path `sma_crossover` / `dual_sma` + `fixed_fraction`
 * sizing, for validation trials: the same target weights, bit for bit, without the three
 * fresh 800 kB arrays per trial (two shifted SMAs, the weights) that the registry path
 * allocates. The means come from the `sma` indicator's own kernel (`indicators/_rolling.ts`,
 * rollingMeanInto) over shifted views; `lean_sma_crossover_test.ts` proves the equality
 * against the registry on bar sets with flat stretches and gaps.
 *
 * Rule (from the registry path): with shifted means f = sma(fast)[t], s = sma(slow)[t] of the
 * close, the weight is +fraction if f > s, −fraction if f < s and shorts are allowed, else 0
 * (NaN warm-ups compare false). Execution's own short switch is applied by the simulator.
 */
import type { RunConfig } from "../run_config.ts";
import { rollingMeanInto } from "../indicators/mod.ts";

/** Parameters the lean path needs, or null when the configuration is not covered. */
export interface LeanSmaPlan {
  fast: number;
  slow: number;
  /** Weight when fast > slow. */
  long: number;
  /** Weight when fast < slow (−fraction with shorts, else 0). */
  short: number;
}

/**
 * Whether `cfg` can use the lean path, and with what parameters.
 * @param cfg a parsed run configuration
 * @returns the plan, or null for any other strategy or sizing model
 */
export function leanSmaPlan(cfg: RunConfig): LeanSmaPlan | null {
  const id = cfg.strategy.id;
  if ((id !== "sma_crossover" && id !== "dual_sma") || cfg.risk.model !== "fixed_fraction") {
    return null;
  }
  const p = cfg.strategy.params as { fast?: unknown; slow?: unknown; allow_short?: unknown };
  if (!Number.isInteger(p.fast) || !Number.isInteger(p.slow)) return null;
  const f = cfg.risk.fraction;
  return {
    fast: p.fast as number,
    slow: p.slow as number,
    long: f,
    short: p.allow_short === true ? -f : 0,
  };
}

/**
 * Writes the target weights of `plan` over `close` into `out`.
 *
 * @param plan from {@link leanSmaPlan}
 * @param close the close column
 * @param fast scratch for the fast mean (close's length)
 * @param slow scratch for the slow mean (close's length)
 * @param out the weights (close's length)
 */
export function leanSmaWeightsInto(
  plan: LeanSmaPlan,
  close: Float64Array,
  fast: Float64Array,
  slow: Float64Array,
  out: Float64Array,
): void {
  shiftedMeanInto(close, plan.fast, fast);
  shiftedMeanInto(close, plan.slow, slow);
  const { long, short } = plan;
  const n = close.length;
  for (let t = 0; t < n; t++) {
    const f = fast[t];
    const s = slow[t];
    // `0 + x` turns a −0 short weight (fraction 0) into the registry's +0.
    out[t] = f > s ? long : f < s ? 0 + short : 0;
  }
}

/**
 * The registry's `sma` series, shifted one bar: `out[t+1]` = mean of `x[t−w+1..t]`, the same
 * kernel (`rollingMeanInto`) over views, so no copy and no second implementation;
 * `out[0]` = NaN.
 */
export function shiftedMeanInto(x: Float64Array, window: number, out: Float64Array): void {
  const n = x.length;
  if (n === 0) return;
  out[0] = NaN;
  rollingMeanInto(x.subarray(0, n - 1), window, out.subarray(1, n));
}
