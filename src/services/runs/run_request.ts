/**
 * @module
 * The body of `POST /backtests` (and `/runs`): Hewston's own shape and both seeds' example
 * shapes, accepted as written, normalised into a dataset reference plus a run request for
 * `parseRunConfig`.
 *
 * - Seed 000: `{ dataset_id, strategy_id, params, seed, slippage_fees: { k_spread, fees_bps }, speed }`
 * - Seed 004: `{ symbol, timeframe: "1m", start, end, indicators, strategy: { name, params },
 *   risk: { model, params }, execution: { slippage_bps, fee_bps, borrow_cost_bps }, validation, seed }`
 * - Hewston: seed 000's fields plus `{ symbol, from, to }` instead of a dataset id, `risk`,
 *   `execution` (fill_price, fees_bps, slippage{}, borrow_bps, auto_flatten, allow_short),
 *   `validation`, `initial_cash`.
 * - A run's own config as `GET /backtests/{id}` returns it (`strategy: { id, params }`), so a
 *   stored config posts back to the same run.
 * Dates are inclusive trading dates (`end`/`to` included). Unknown fields are errors.
 *
 * The CLI builds this same body from its flags, so `hewston backtest` and `POST /backtests`
 * share one meaning for every field. A field left out takes the run's default, declared once
 * in {@link RUN_DEFAULTS}.
 */
import { z } from "zod";
import { ValidationError } from "../../domain/errors.ts";
import { RUN_DEFAULTS, type RunRequest } from "../../engine/run_config.ts";
import { ISO_DATE_RE } from "../../domain/dates.ts";

export { RUN_DEFAULTS };

/** Playback speed of a run when the body names none (years of bars per hour of playback). */
export const DEFAULT_SPEED = 60;

const date = z.string().regex(ISO_DATE_RE, "expected YYYY-MM-DD");

const executionSchema = z.object({
  fill_price: z.enum(["open", "close", "vwap"]).optional(),
  fees_bps: z.number().min(0).max(10_000).optional(),
  fee_bps: z.number().min(0).max(10_000).optional(),
  slippage: z.record(z.string(), z.unknown()).optional(),
  slippage_bps: z.number().min(0).max(10_000).optional(),
  borrow_bps: z.number().min(0).max(100_000).optional(),
  borrow_cost_bps: z.number().min(0).max(100_000).optional(),
  auto_flatten: z.boolean().optional(),
  allow_short: z.boolean().optional(),
}).strict();

/** JSON body of POST /backtests, every accepted field. */
export const backtestBodySchema = z.object({
  dataset_id: z.string().min(1).max(200).optional(),
  symbol: z.string().min(1).max(30).optional(),
  from: date.optional(),
  to: date.optional(),
  start: date.optional(),
  end: date.optional(),
  timeframe: z.literal("1m").optional(),
  strategy_id: z.string().min(1).max(100).optional(),
  strategy: z.object({
    name: z.string().min(1).max(100).optional(),
    id: z.string().min(1).max(100).optional()
      .describe("the run config's spelling (GET /backtests/{id} → config), same as name"),
    params: z.record(z.string(), z.unknown()).default({}),
  }).strict().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  indicators: z.array(
    z.object({ name: z.string().min(1), params: z.record(z.string(), z.unknown()).default({}) })
      .strict(),
  ).max(50).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  slippage_fees: z.object({
    k_spread: z.number().min(0).max(100).optional(),
    fees_bps: z.number().min(0).max(10_000).optional(),
  }).strict().optional(),
  speed: z.number().int().min(1).max(1_000_000).optional(),
  risk: z.unknown().optional(),
  execution: executionSchema.optional(),
  validation: z.record(z.string(), z.unknown()).optional(),
  initial_cash: z.number().gt(0).max(1e12).optional(),
}).strict();

/** A POST /backtests body as a client writes it (every field optional but the dataset and strategy). */
export type BacktestBody = z.input<typeof backtestBodySchema>;

/** Where a run's bars come from. */
export type DatasetRef = { datasetId: string } | { symbol: string; from: string; to: string };

/** A normalised POST /backtests body. */
export interface NormalizedBacktest {
  dataset: DatasetRef;
  /** The run request minus `dataset_id` (filled once the dataset is resolved). */
  request: Omit<RunRequest, "dataset_id">;
  speed: number;
}

/**
 * Validates and normalises a POST /backtests body.
 * @throws {ValidationError} naming the field
 */
export function normalizeBacktestBody(body: unknown): NormalizedBacktest {
  const parsed = backtestBodySchema.safeParse(body);
  if (!parsed.success) throw bodyError(parsed.error);
  const b = parsed.data;
  const from = b.from ?? b.start;
  const to = b.to ?? b.end;
  let dataset: DatasetRef;
  if (b.dataset_id) {
    if (b.symbol || from || to) {
      throw new ValidationError("give either dataset_id or symbol with from/to, not both");
    }
    dataset = { datasetId: b.dataset_id };
  } else if (b.symbol && from && to) {
    dataset = { symbol: b.symbol.toUpperCase(), from, to };
  } else {
    throw new ValidationError(
      "dataset_id, or symbol with from and to (or start and end), is required",
    );
  }
  if (b.strategy_id && b.strategy) {
    throw new ValidationError("give strategy_id or strategy, not both");
  }
  if (b.strategy?.name !== undefined && b.strategy.id !== undefined) {
    throw new ValidationError("strategy: give name or id, not both");
  }
  const strategyId = b.strategy_id ?? b.strategy?.name ?? b.strategy?.id;
  if (!strategyId) throw new ValidationError("strategy_id (or strategy.name) is required");
  const params = { ...(b.strategy?.params ?? {}), ...(b.params ?? {}) };

  const e = b.execution ?? {};
  const pick = <T>(a: T | undefined, bAlias: T | undefined, names: string): T | undefined => {
    if (a !== undefined && bAlias !== undefined) {
      throw new ValidationError(`execution: give one of ${names}`);
    }
    return a ?? bAlias;
  };
  let fees = pick(e.fees_bps, e.fee_bps, "fees_bps, fee_bps");
  if (b.slippage_fees?.fees_bps !== undefined) {
    if (fees !== undefined) {
      throw new ValidationError("fees given twice (slippage_fees and execution)");
    }
    fees = b.slippage_fees.fees_bps;
  }
  const slippages = [
    e.slippage,
    e.slippage_bps !== undefined ? { model: "spread_pct", pct: e.slippage_bps / 100 } : undefined,
    b.slippage_fees?.k_spread !== undefined
      ? { model: "k_spread", k: b.slippage_fees.k_spread }
      : undefined,
  ].filter((s) => s !== undefined);
  if (slippages.length > 1) throw new ValidationError("slippage given twice: choose one model");
  // Fields left undefined take RUN_DEFAULTS when the request is parsed.
  const execution = {
    fill_price: e.fill_price,
    fees_bps: fees,
    slippage: slippages[0],
    borrow_bps: pick(e.borrow_bps, e.borrow_cost_bps, "borrow_bps, borrow_cost_bps"),
    auto_flatten: e.auto_flatten,
    allow_short: e.allow_short,
  };
  return {
    dataset,
    request: {
      strategy_id: strategyId,
      params,
      seed: b.seed,
      initial_cash: b.initial_cash,
      risk: b.risk,
      execution: execution as RunRequest["execution"],
      validation: b.validation,
    },
    speed: b.speed ?? DEFAULT_SPEED,
  };
}

/**
 * A body's first schema issue as one line (`field: what is wrong`), every issue in `details`.
 * @param error the schema's error
 */
export function bodyError(error: z.ZodError): ValidationError {
  const issue = error.issues[0];
  const where = issue.path.join(".") || "body";
  const msg = issue.code === "unrecognized_keys"
    ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
    : issue.message;
  return new ValidationError(`${where}: ${msg}`, { issues: error.issues });
}
