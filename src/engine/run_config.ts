/**
 * @module
 * The canonical run configuration: what a backtest computes from, in one normalised shape.
 * Requests (CLI flags, API bodies of either seed's shape) are parsed into it, defaults
 * filled, every value validated; its canonical JSON (plus dataset hashes and code version)
 * is what a run's input hash covers.
 */
import { z } from "zod";
import { ValidationError } from "../domain/errors.ts";
import type { ExecutionConfig, RiskConfig } from "./types.ts";
import { parseRiskConfig } from "./risk/mod.ts";
import { parseStrategyParams } from "./strategies/mod.ts";
import { parseValidationConfig } from "./validation/config.ts";
import { parseWalkForwardConfig } from "./validation/walk_forward_config.ts";

/** The normalised configuration of one run. */
export interface RunConfig {
  dataset_id: string;
  strategy: { id: string; params: Record<string, unknown> };
  risk: RiskConfig;
  execution: ExecutionConfig;
  seed: number;
  initial_cash: number;
  /** Validation requests (issue 4); an empty object when none. */
  validation: Record<string, unknown>;
}

const slippageSchema = z.discriminatedUnion("model", [
  z.object({ model: z.literal("none") }).strict(),
  z.object({ model: z.literal("k_spread"), k: z.number().min(0).max(100) }).strict(),
  z.object({ model: z.literal("spread_pct"), pct: z.number().min(0).max(100) }).strict(),
  z.object({
    model: z.literal("participation_rate"),
    coefficient: z.number().min(0).max(100),
    max_participation: z.number().gt(0).max(1).optional(),
  }).strict(),
]);

const executionSchema = z.object({
  fill_price: z.enum(["open", "close", "vwap"]).default("open"),
  fees_bps: z.number().min(0).max(10_000).default(0),
  slippage: slippageSchema.default({ model: "none" }),
  borrow_bps: z.number().min(0).max(100_000).default(0),
  auto_flatten: z.boolean().default(true),
  allow_short: z.boolean().default(false),
}).strict();

/** Raw request accepted by {@link parseRunConfig} (snake_case, JSON-friendly). */
export const runRequestSchema = z.object({
  dataset_id: z.string().min(1).max(200),
  strategy_id: z.string().min(1).max(100),
  params: z.record(z.string(), z.unknown()).default({}),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(42),
  initial_cash: z.number().gt(0).max(1e12).default(100_000),
  risk: z.unknown().optional(),
  execution: executionSchema.default({
    fill_price: "open",
    fees_bps: 0,
    slippage: { model: "none" },
    borrow_bps: 0,
    auto_flatten: true,
    allow_short: false,
  }),
  validation: z.record(z.string(), z.unknown()).default({}),
}).strict();

/** A run request before normalisation. */
export type RunRequest = z.input<typeof runRequestSchema>;

/**
 * Validates and normalises a run request.
 * @throws {ValidationError} naming the offending field
 * @throws {NotFoundError} STRATEGY_NOT_FOUND
 */
export function parseRunConfig(raw: unknown): RunConfig {
  const parsed = runRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join(".") || "request";
    throw new ValidationError(`${path}: ${issue.message}`, { issues: parsed.error.issues });
  }
  const r = parsed.data;
  const params = parseStrategyParams(r.strategy_id, r.params) as Record<string, unknown>;
  // Refuse a bad validation block now, not after the run has been computed.
  const validation = parseValidationConfig(r.validation);
  if (validation.walk_forward !== undefined) parseWalkForwardConfig(validation.walk_forward);
  const e = r.execution;
  const slip = e.slippage;
  const slippage: ExecutionConfig["slippage"] = slip.model === "participation_rate"
    ? {
      model: "participation_rate",
      coefficient: slip.coefficient,
      ...(slip.max_participation === undefined
        ? {}
        : { max_participation: slip.max_participation }),
    }
    : slip;
  // A strategy's own short switch and the execution's must agree: either enables shorts.
  const allowShort = e.allow_short || params.allow_short === true;
  return {
    dataset_id: r.dataset_id,
    strategy: { id: r.strategy_id, params },
    risk: parseRiskConfig(r.risk),
    execution: {
      fillPrice: e.fill_price,
      feesBps: e.fees_bps,
      slippage,
      borrowBps: e.borrow_bps,
      autoFlatten: e.auto_flatten,
      allowShort,
    },
    seed: r.seed,
    initial_cash: r.initial_cash,
    validation: r.validation,
  };
}
