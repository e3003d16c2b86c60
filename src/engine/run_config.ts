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
import { parseStrategyParams, shortSwitch } from "./strategies/mod.ts";
import { parseValidationConfig } from "./validation/config.ts";
import { parseWalkForwardConfig } from "./validation/walk_forward_config.ts";
import { DEFAULT_INITIAL_CASH, DEFAULT_SEED } from "../domain/defaults.ts";

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

/**
 * The defaults of a run, declared once: every request shape (API bodies, CLI flags, presets)
 * leaves a field out to get these.
 */
export const RUN_DEFAULTS = {
  /** Root seed of every seeded step (validation trials, bootstrap blocks, …). */
  seed: DEFAULT_SEED,
  /** Starting cash. */
  initial_cash: DEFAULT_INITIAL_CASH,
  execution: {
    /** The next bar's price a signal fills at. */
    fill_price: "open",
    fees_bps: 0,
    slippage: { model: "none" },
    borrow_bps: 0,
    /** Close the position at the last bar. */
    auto_flatten: true,
    /** Take short positions on −1 signals. */
    allow_short: false,
  },
} as const;

const D = RUN_DEFAULTS.execution;

const executionSchema = z.object({
  fill_price: z.enum(["open", "close", "vwap"]).default(D.fill_price),
  fees_bps: z.number().min(0).max(10_000).default(D.fees_bps),
  slippage: slippageSchema.default(D.slippage),
  borrow_bps: z.number().min(0).max(100_000).default(D.borrow_bps),
  auto_flatten: z.boolean().default(D.auto_flatten),
  allow_short: z.boolean().default(D.allow_short),
}).strict();

/** Raw request accepted by {@link parseRunConfig} (snake_case, JSON-friendly). */
export const runRequestSchema = z.object({
  dataset_id: z.string().min(1).max(200),
  strategy_id: z.string().min(1).max(100),
  params: z.record(z.string(), z.unknown()).default({}),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(RUN_DEFAULTS.seed),
  initial_cash: z.number().gt(0).max(1e12).default(RUN_DEFAULTS.initial_cash),
  risk: z.unknown().optional(),
  execution: executionSchema.default({ ...D }),
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
  const shorts = shortSwitch(
    atField(
      "params",
      () => parseStrategyParams(r.strategy_id, r.params) as Record<string, unknown>,
    ),
    r.execution.allow_short,
  );
  const params = shorts.params;
  // Refuse a bad validation block now, not after the run has been computed.
  const validation = atField("validation", () => parseValidationConfig(r.validation));
  if (validation.walk_forward !== undefined) {
    atField("validation", () => parseWalkForwardConfig(validation.walk_forward));
  }
  const risk = atField("risk", () => parseRiskConfig(r.risk), riskFieldPath(r.risk));
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
  return {
    dataset_id: r.dataset_id,
    strategy: { id: r.strategy_id, params },
    risk,
    execution: {
      fill_price: e.fill_price,
      fees_bps: e.fees_bps,
      slippage,
      borrow_bps: e.borrow_bps,
      auto_flatten: e.auto_flatten,
      allow_short: shorts.allow_short,
    },
    seed: r.seed,
    initial_cash: r.initial_cash,
    validation: r.validation,
  };
}

/** An issue's path as the parts raised it (`"a.b"`, `["a", 0]`, or none). */
function pathParts(path: unknown): string[] {
  if (Array.isArray(path)) return path.map(String);
  return typeof path === "string" && path !== "" ? path.split(".") : [];
}

/**
 * Runs a parser of one part of the request; a {@link ValidationError} it raises leaves with
 * each issue's path from the request's root (`params.fast`, not `fast`), so a client can put
 * the message beside the field it concerns. An error without issues gets one at `prefix`.
 * @param inner maps a path inside the part to the path under `prefix` (default: as is)
 */
function atField<T>(prefix: string, parse: () => T, inner = (p: string[]) => p): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    type Issue = { path?: unknown; message?: unknown };
    // Details come as a list of issues (parameter parsers) or as `{issues}` (zod schemas).
    const details = (Array.isArray(err.details) ? { issues: err.details } : err.details ?? {}) as {
      issues?: Issue[];
    };
    const raw = Array.isArray(details.issues) && details.issues.length > 0
      ? details.issues
      : [{ path: [], message: err.message.replace(/^[^:]*: /, "") }];
    const issues = raw.map((i) => ({
      path: [prefix, ...inner(pathParts(i.path))].join("."),
      message: String(i.message ?? ""),
    }));
    throw new ValidationError(err.message, { ...details, issues });
  }
}

/** Where a risk field lives in the request: beside `model`, or under `risk.params`. */
function riskFieldPath(raw: unknown): (p: string[]) => string[] {
  const params = (raw as { params?: unknown } | null)?.params;
  return (p) =>
    p.length > 0 && typeof params === "object" && params !== null && p[0] in params
      ? ["params", ...p]
      : p;
}
