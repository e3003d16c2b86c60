/**
 * @module
 * `dual_sma`: the second seed's name for the SMA crossover. Same parameters, same rule, same
 * code as `sma_crossover` — only the id and description differ.
 */
import type { StrategyDefinition } from "./definition.ts";
import { smaCrossover, type SmaCrossoverParams } from "./sma_crossover.ts";

/** `dual_sma` {fast = 20, slow = 50, allow_short = false}: alias of `sma_crossover`. */
export const dualSma: StrategyDefinition<SmaCrossoverParams> = {
  ...smaCrossover,
  id: "dual_sma",
  description: "Dual SMA (same as sma_crossover): long while SMA(fast) > SMA(slow)",
};
