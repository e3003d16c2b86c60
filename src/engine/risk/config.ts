/**
 * @module
 * Parsing of the risk-sizing configuration into the engine's {@link RiskConfig}.
 *
 * Accepted shapes (both seeds' payloads, and the engine's own type so a parsed config
 * round-trips):
 *  - nested, as in seed 004: `{"model": "fixed_fraction", "params": {"fraction": 0.1}}`;
 *  - flat: `{"model": "volatility_target", "target_vol": 0.15, "lookback": 20}`;
 *  - absent (`undefined`/`null`) or `{}`: `fixed_fraction` with `fraction` 1, i.e. the whole
 *    equity follows the signal — the plain reading of a run that names no sizing.
 * `model` defaults to `fixed_fraction`; every parameter has a default (table in
 * docs/engine/indicators_strategies_risk.md). Unknown fields are refused.
 */
import { z } from "zod";
import type { RiskConfig } from "../types.ts";
import { ValidationError } from "../../domain/errors.ts";
import { integerParam, numberParam, parseParams } from "../indicators/params.ts";

/** The sizing models, in the order they are listed. */
export const RISK_MODELS = ["fixed_fraction", "volatility_target", "kelly_fraction"] as const;

/** One of {@link RISK_MODELS}. */
export type RiskModel = typeof RISK_MODELS[number];

/** A risk model as listed for clients. */
export interface RiskModelInfo {
  model: RiskModel;
  description: string;
  /** JSON Schema (draft 2020-12) of the snake_case parameters; all have defaults. */
  params: Record<string, unknown>;
}

const fraction = numberParam(0, 10, true);
const maxLeverage = numberParam(0, 10, true);
const lookback = integerParam(2, 1_000_000);

const SCHEMAS = {
  fixed_fraction: z.strictObject({ fraction: fraction.default(1) }),
  volatility_target: z.strictObject({
    target_vol: numberParam(0, 10, true).default(0.15),
    lookback: lookback.default(20),
    max_leverage: maxLeverage.default(1),
  }),
  kelly_fraction: z.strictObject({
    fraction: fraction.default(0.5),
    lookback: lookback.default(100),
    max_leverage: maxLeverage.default(1),
  }),
} as const;

const DESCRIPTIONS: Record<RiskModel, string> = {
  fixed_fraction: "weight = signal × fraction",
  volatility_target:
    "weight = signal × min(max_leverage, target_vol / annualised rolling volatility over lookback)",
  kelly_fraction:
    "weight = signal × clamp(fraction × mean / variance of returns over lookback, 0, max_leverage)",
};

/**
 * Parses a risk configuration in any accepted shape.
 *
 * @param raw untrusted input (see the module doc for shapes)
 * @returns the engine's {@link RiskConfig} with defaults filled in
 * @throws {ValidationError} for an unknown model, a bad or unknown field, or a field given twice
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseRiskConfig({ model: "fixed_fraction", params: { fraction: 0.1 } }), {
 *   model: "fixed_fraction",
 *   fraction: 0.1,
 * });
 * ```
 */
export function parseRiskConfig(raw: unknown): RiskConfig {
  const flat = flatten(raw ?? {});
  const model = flat.model ?? "fixed_fraction";
  delete flat.model;
  if (!isRiskModel(model)) {
    throw new ValidationError(
      `risk: model ${JSON.stringify(model)} is not one of ${RISK_MODELS.join(", ")}`,
    );
  }
  const context = `risk ${model} params`;
  switch (model) {
    case "fixed_fraction": {
      const p = parseParams(SCHEMAS.fixed_fraction, flat, context);
      return { model, fraction: p.fraction };
    }
    case "volatility_target": {
      const p = parseParams(SCHEMAS.volatility_target, flat, context);
      return {
        model,
        target_vol: p.target_vol,
        lookback: p.lookback,
        max_leverage: p.max_leverage,
      };
    }
    case "kelly_fraction": {
      const p = parseParams(SCHEMAS.kelly_fraction, flat, context);
      return { model, fraction: p.fraction, lookback: p.lookback, max_leverage: p.max_leverage };
    }
  }
}

/** Every sizing model with the JSON Schema of its (snake_case) parameters. */
export function listRiskModels(): RiskModelInfo[] {
  return RISK_MODELS.map((model) => ({
    model,
    description: DESCRIPTIONS[model],
    params: z.toJSONSchema(SCHEMAS[model], { io: "input" }) as Record<string, unknown>,
  }));
}

function isRiskModel(m: unknown): m is RiskModel {
  return typeof m === "string" && (RISK_MODELS as readonly string[]).includes(m);
}

/** Merges `params` into the top level, refusing duplicates. */
function flatten(raw: unknown): Record<string, unknown> {
  if (!isPlainObject(raw)) {
    throw new ValidationError(`risk: expected an object, got ${describe(raw)}`);
  }
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    const name = key;
    if (name in out) throw new ValidationError(`risk: ${name} is given more than once`);
    out[name] = value;
  };
  for (const [key, value] of Object.entries(raw)) {
    if (key !== "params") put(key, value);
  }
  if (raw.params !== undefined && raw.params !== null) {
    if (!isPlainObject(raw.params)) {
      throw new ValidationError(`risk: params must be an object, got ${describe(raw.params)}`);
    }
    for (const [key, value] of Object.entries(raw.params)) {
      if (key === "model") {
        throw new ValidationError("risk: model belongs beside params, not in it");
      }
      put(key, value);
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  return Array.isArray(v) ? "an array" : v === null ? "null" : typeof v;
}
