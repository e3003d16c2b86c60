/**
 * @module
 * Validation statistics — "is this result luck?": the permutation test, the block bootstrap,
 * Monte Carlo execution noise, the Probabilistic and Deflated Sharpe Ratios, and the seeded
 * generators they share. Formulas: docs/validation.md. (Walk-forward, PBO and
 * CSCV live beside these in their own files.)
 */
export {
  type BootstrapConfig,
  MAX_TRIALS,
  type MonteCarloConfig,
  parseValidationConfig,
  type PermutationConfig,
  VALIDATION_KEYS,
  VALIDATION_TESTS,
  type ValidationConfig,
} from "./config.ts";
export {
  mergeValidationTrials,
  type RealRun,
  runValidation,
  runValidationTrials,
  runValidationWithDetails,
  summariseValidation,
  type TrialRange,
  type ValidationDetails,
  type ValidationOptions,
  type ValidationSummary,
  type ValidationTrials,
} from "./run_validation.ts";
export {
  PermutationRunner,
  type PermutationSummary,
  permutationTrials,
  summarisePermutation,
} from "./permutation.ts";
export {
  bootstrapBlock,
  type BootstrapInterval,
  type BootstrapSummary,
  bootstrapTrials,
  type BootstrapValues,
  summariseBootstrap,
} from "./bootstrap.ts";
export {
  checkMonteCarloExecution,
  MonteCarloRunner,
  type MonteCarloSummary,
  monteCarloTrials,
  type MonteCarloValues,
  summariseMonteCarlo,
} from "./monte_carlo.ts";
export {
  checkDsrInput,
  type DsrInput,
  type SharpeSummary,
  summariseSharpe,
} from "./sharpe_summary.ts";
export {
  deflatedSharpe,
  EULER_GAMMA,
  expectedMaxSharpe,
  minTrackRecordLength,
  probabilisticSharpe,
  type SharpeSample,
} from "./sharpe_ratio.ts";
export { barReturns, type ReturnMoments, returnMoments } from "./moments.ts";
export {
  type DistributionSummary,
  QUANTILE_LEVELS,
  type Quantiles,
  quantileSorted,
  summariseDistribution,
} from "./distribution.ts";
export { curveMetric, recordedMetric, TEST_METRICS, type TestMetric } from "./metric.ts";
export { type PermutationSource, permutationSource, PermutedBars } from "./permuted_bars.ts";
export { StrategyRerun } from "./strategy_rerun.ts";
export { normCdf, normInv, normPdf } from "./normal.ts";
export { Rng } from "./rng.ts";
export { deriveSeed, mix64 } from "./seeds.ts";
