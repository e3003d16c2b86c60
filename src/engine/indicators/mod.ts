/**
 * @module
 * Indicators: the registry (every series comes out shifted one bar), the built-in indicators
 * (sma, ema, rsi, atr, rolling_volatility, returns_mean, returns_std) and the feature cache.
 */
export {
  BUILTIN_INDICATORS,
  computeIndicator,
  computeIndicators,
  getIndicator,
  type IndicatorInfo,
  listIndicators,
  parseIndicatorParams,
  registerIndicator,
} from "./registry.ts";
export {
  cacheKey,
  createFeatureCache,
  type IndicatorCache,
  type SeriesAllocator,
} from "./feature_cache.ts";
export {
  type IndicatorDefinition,
  type IndicatorParams,
  PRICE_FIELDS,
  priceColumn,
  type PriceField,
} from "./definition.ts";
export { integerParam, numberParam, type ParamIssue, parseParams } from "./params.ts";
export { atr, type AtrParams } from "./atr.ts";
export { ema, type EmaParams } from "./ema.ts";
export { returnsMean, type ReturnsMeanParams } from "./returns_mean.ts";
export { returnsStd, type ReturnsStdParams } from "./returns_std.ts";
export { rollingVolatility, type RollingVolatilityParams } from "./rolling_volatility.ts";
export { rsi, type RsiParams } from "./rsi.ts";
export { sma, type SmaParams } from "./sma.ts";
/** The rolling-mean kernel behind `sma` (for callers that reuse their own buffers). */
export { rollingMeanInto } from "./_rolling.ts";
