/**
 * @module
 * Strategies: the registry and the built-in strategies (sma_crossover, dual_sma).
 */
export {
  BUILTIN_STRATEGIES,
  computeSignals,
  getStrategy,
  listStrategies,
  parseStrategyParams,
  registerStrategy,
  strategyFeatures,
  type StrategyInfo,
} from "./registry.ts";
export type { FeatureRequest, StrategyDefinition, StrategyParams } from "./definition.ts";
export { smaCrossover, type SmaCrossoverParams } from "./sma_crossover.ts";
export { dualSma } from "./dual_sma.ts";
export { shortSwitch } from "./short_switch.ts";
