/**
 * @module
 * Risk sizing: parsing the risk configuration and turning signals into target weights.
 */
export {
  listRiskModels,
  parseRiskConfig,
  RISK_MODELS,
  type RiskModel,
  type RiskModelInfo,
} from "./config.ts";
export { riskFeatures, targetWeights } from "./target_weights.ts";
