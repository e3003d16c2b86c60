/**
 * @module
 * The run configuration's `validation` block: which tests to run and with what settings.
 *
 * ```json
 * "validation": {
 *   "permutation": { "trials": 3 },                          // seed 004's shape
 *   "bootstrap": { "trials": 1000, "block": 390, "method": "stationary" },
 *   "monte_carlo": { "trials": 500, "slippage_noise_bps": 2 },
 *   "walk_forward": { … }                                    // parsed by walk_forward.ts
 * }
 * ```
 *
 * A test is on when its key is present with an object (`{}` = all defaults) or `true`; `false`
 * and `null` mean off. Unknown test names and unknown fields are a {@link ValidationError}
 * naming them. `walk_forward` belongs to the walk-forward module: it is accepted here and
 * passed through untouched.
 *
 * | test          | field              | default      | range                          |
 * | ------------- | ------------------ | ------------ | ------------------------------ |
 * | permutation   | trials             | 1000         | 1 … 100,000                    |
 * |               | metric             | "sharpe"     | sharpe, sortino, total_return, cagr |
 * |               | within_day         | false        | boolean                        |
 * | bootstrap     | trials             | 1000         | 1 … 100,000                    |
 * |               | block              | ⌈T^(1/3)⌉    | integer 1 … 10,000,000 (bars)  |
 * |               | method             | "stationary" | stationary, moving             |
 * | monte_carlo   | trials             | 1000         | 1 … 100,000                    |
 * |               | slippage_noise_bps | 1            | 0 … 10,000                     |
 */
import { z } from "zod";
import { ValidationError } from "../../domain/errors.ts";
import { TEST_METRICS, type TestMetric } from "./metric.ts";

/** Validation tests this module runs. */
export const VALIDATION_TESTS = ["permutation", "bootstrap", "monte_carlo"] as const;

/** Keys accepted in the block: this module's tests plus the walk-forward hook. */
export const VALIDATION_KEYS = [...VALIDATION_TESTS, "walk_forward"] as const;

/** Most trials one test may ask for. */
export const MAX_TRIALS = 100_000;

/** Permutation test settings. */
export interface PermutationConfig {
  trials: number;
  metric: TestMetric;
  within_day: boolean;
}

/** Block bootstrap settings; `block` null = ⌈T^(1/3)⌉ bars. */
export interface BootstrapConfig {
  trials: number;
  block: number | null;
  method: "stationary" | "moving";
}

/** Monte Carlo slippage-noise settings. */
export interface MonteCarloConfig {
  trials: number;
  slippage_noise_bps: number;
}

/** A parsed `validation` block; an absent key means the test is off. */
export interface ValidationConfig {
  permutation?: PermutationConfig;
  bootstrap?: BootstrapConfig;
  monte_carlo?: MonteCarloConfig;
  /** The raw walk-forward request, untouched, for the walk-forward module. */
  walk_forward?: unknown;
}

const trials = z.number().int().min(1).max(MAX_TRIALS).default(1000);

const SCHEMAS = {
  permutation: z.strictObject({
    trials,
    metric: z.enum(TEST_METRICS).default("sharpe"),
    within_day: z.boolean().default(false),
  }),
  bootstrap: z.strictObject({
    trials,
    block: z.number().int().min(1).max(10_000_000).nullable().default(null),
    method: z.enum(["stationary", "moving"]).default("stationary"),
  }),
  monte_carlo: z.strictObject({
    trials,
    slippage_noise_bps: z.number().min(0).max(10_000).default(1),
  }),
} as const;

/**
 * Parses a `validation` block.
 *
 * @param raw the block (`undefined`/`null` = no tests)
 * @returns the enabled tests with defaults filled in, and `walk_forward` as given
 * @throws {ValidationError} for a non-object block, an unknown test, or a bad field (the
 *   message names the test and field)
 *
 * @example Seed 004's block
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseValidationConfig } from "./config.ts";
 *
 * assert.deepEqual(parseValidationConfig({ permutation: { trials: 3 } }), {
 *   permutation: { trials: 3, metric: "sharpe", within_day: false },
 * });
 * ```
 */
export function parseValidationConfig(raw: unknown): ValidationConfig {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ValidationError(`validation must be an object, got ${JSON.stringify(raw)}`);
  }
  const block = raw as Record<string, unknown>;
  const unknown = Object.keys(block).filter((k) =>
    !(VALIDATION_KEYS as readonly string[]).includes(k)
  );
  if (unknown.length > 0) {
    throw new ValidationError(
      `validation: unknown test${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} ` +
        `(known: ${VALIDATION_KEYS.join(", ")})`,
      { unknown },
    );
  }
  const out: ValidationConfig = {};
  for (const test of VALIDATION_TESTS) {
    const value = block[test];
    if (value === undefined || value === null || value === false) continue;
    const parsed = SCHEMAS[test].safeParse(value === true ? {} : value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = [test, ...issue.path].join(".");
      // Issue paths name the test, so `validation.permutation.trials` points at its field.
      throw new ValidationError(`validation.${path}: ${issue.message}`, {
        issues: parsed.error.issues.map((i) => ({ ...i, path: [test, ...i.path] })),
      });
    }
    (out as Record<string, unknown>)[test] = parsed.data;
  }
  if (block.walk_forward !== undefined) out.walk_forward = block.walk_forward;
  return out;
}
