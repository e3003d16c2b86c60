/**
 * @module
 * The body of `POST /sweeps` (and what `hewston sweep` builds from its flags): the base run as
 * `POST /backtests` reads it, the grid axes, the heatmap metric and the CSCV blocks.
 *
 * ```json
 * { "run": { "dataset_id": "…", "strategy": { "name": "sma_crossover", "params": {} } },
 *   "grid": { "fast": "5:50:5", "slow": [20, 50, 100] }, "metric": "sharpe", "blocks": 16 }
 * ```
 * `grid` is an object (axes in key order; each a list of values or a `start:stop:step` /
 * `a,b,c` string) or a list of CLI specs (`"fast=5:50:5"`). The first axis is the heatmap's x,
 * the second its y.
 */
import { z } from "zod";
import { ValidationError } from "../../domain/errors.ts";
import { METRIC_COLUMNS } from "../../domain/wire/runs.ts";
import { type Grid, gridFromRecord, parseGrid } from "../../engine/sweep/mod.ts";
import { DEFAULT_PBO_BLOCKS } from "../../engine/validation/pbo.ts";
import {
  backtestBodySchema,
  bodyError,
  normalizeBacktestBody,
  type NormalizedBacktest,
} from "../runs/run_request.ts";

const gridValue = z.union([z.number(), z.boolean(), z.string().min(1).max(100)]);

/** JSON body of POST /sweeps. */
export const sweepBodySchema = z.object({
  run: backtestBodySchema.describe("the base run, as POST /backtests reads it"),
  grid: z.union([
    z.record(
      z.string().min(1).max(100),
      z.union([z.array(gridValue).min(1).max(10_000), z.string().min(1).max(200)]),
    ),
    z.array(z.string().min(3).max(300)).min(1).max(20),
  ]).describe(
    'axes in order: {"fast": "5:50:5", "slow": [20, 50]} or ["fast=5:50:5", "slow=20,50"]',
  ),
  metric: z.enum(METRIC_COLUMNS).optional().describe(
    "heatmap metric of heatmap.json (default sharpe)",
  ),
  blocks: z.number().int().min(2).max(50).optional().describe(
    "CSCV blocks of the PBO, even (default 16)",
  ),
}).strict();

/** A POST /sweeps body as a client writes it. */
export type SweepBody = z.input<typeof sweepBodySchema>;

/** A normalised POST /sweeps body. */
export interface NormalizedSweep {
  /** The base run (dataset reference + run request). */
  base: NormalizedBacktest;
  grid: Grid;
  metric: typeof METRIC_COLUMNS[number];
  blocks: number;
}

/**
 * Validates and normalises a POST /sweeps body.
 * @throws {ValidationError} naming the field (`run.…` for the base run, `grid.…` for an axis)
 */
export function normalizeSweepBody(body: unknown): NormalizedSweep {
  const parsed = sweepBodySchema.safeParse(body);
  if (!parsed.success) throw bodyError(parsed.error);
  const b = parsed.data;
  let base: NormalizedBacktest;
  try {
    base = normalizeBacktestBody(b.run);
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError(`run.${err.message}`);
    throw err;
  }
  const grid = Array.isArray(b.grid) ? parseGrid(b.grid) : gridFromRecord(b.grid);
  if (grid.length === 0) throw new ValidationError("grid: give at least one axis");
  const blocks = b.blocks ?? DEFAULT_PBO_BLOCKS;
  if (blocks % 2 !== 0) throw new ValidationError(`blocks: must be even, got ${blocks}`);
  return { base, grid, metric: b.metric ?? "sharpe", blocks };
}
